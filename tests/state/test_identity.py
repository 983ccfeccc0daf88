"""Document identity across URL changes: 索引号, issuer + 发文字号, redirects; attachments stay apart."""

from __future__ import annotations

from policywatch.state import Store

from .helpers import at, make_doc, make_fetch

TEXT = "第一条 为了规范管理，制定本办法。\n第二条 本办法自发布之日起施行。"
OLD = "http://old.gov.test/zwgk/2024/art_1.html"
NEW = "http://www.gov.test/xxgk/zcwj/2024/t20240101_9.html"


def put(store: Store, url: str, text: str = TEXT, *, day: int = 0, raw_url: str | None = None,
        final_url: str = "", redirects: tuple[str, ...] = (), run: int | None = None, parent_id: int | None = None,
        **meta: str):
    run_id = run if run is not None else store.start_run(["gov"])
    raw = make_fetch(raw_url or url, f"<p>{text}</p>", when=at(day), final_url=final_url, redirects=redirects)
    return store.record_version("gov", make_doc(url, text, **meta), raw=raw, run_id=run_id, parent_id=parent_id,
                                now=at(day))


def test_same_index_no_at_a_new_url_is_the_same_document(store: Store) -> None:
    first = put(store, OLD, index_no="11110000/2024-00123", title="办法")
    moved = put(store, NEW, day=1, index_no="11110000/2024-00123", title="办法")
    assert moved.kind == "unchanged"
    assert moved.document.id == first.document.id
    assert moved.document.url == NEW
    assert OLD in moved.document.aliases
    assert store.document(OLD).id == store.document(NEW).id == first.document.id
    assert len(store.documents("gov")) == 1


def test_same_issuer_and_doc_number_at_a_new_url_is_the_same_document(store: Store) -> None:
    first = put(store, OLD, issuer="国务院办公厅", doc_number="国办发〔2024〕3号")
    moved = put(store, NEW, TEXT + "\n第三条 新增。", day=1, issuer="国务院办公厅", doc_number="国办发〔2024〕3号")
    assert moved.kind == "new_version"
    assert moved.document.id == first.document.id
    assert moved.version.url == NEW
    # same number from another issuer is another document
    other = put(store, "http://www.gov.test/other.html", day=2, issuer="财政部", doc_number="国办发〔2024〕3号")
    assert other.kind == "new_document"


def test_a_redirect_makes_aliases_and_finds_the_document(store: Store) -> None:
    first = put(store, OLD, raw_url=OLD, final_url=NEW, redirects=(OLD,))
    assert set(first.document.aliases) == {NEW}
    # the listing now links a third URL that redirects to the known final one
    third = "http://gov.test/r?id=9"
    again = put(store, third, day=1, raw_url=third, final_url=NEW, redirects=(third,))
    assert again.document.id == first.document.id
    assert store.document(third).id == first.document.id


def test_attachments_sharing_their_page_metadata_are_separate_documents(store: Store) -> None:
    page = put(store, OLD, index_no="11110000/2024-00123")
    one = put(store, OLD + "/fj1.pdf", "附件1 申报表", parent_id=page.document.id, index_no="11110000/2024-00123")
    two = put(store, OLD + "/fj2.pdf", "附件2 清单", parent_id=page.document.id, index_no="11110000/2024-00123")
    assert len({page.document.id, one.document.id, two.document.id}) == 3
    assert one.document.parent_id == page.document.id


def test_two_live_urls_with_one_index_no_and_different_texts_in_one_run_stay_apart(store: Store) -> None:
    run = store.start_run(["gov"])
    a = put(store, OLD, run=run, index_no="dup-1")
    b = put(store, NEW, "完全不同的另一份文件。", run=run, index_no="dup-1")
    assert b.kind == "new_document"
    assert a.document.id != b.document.id
    # and next run each URL keeps finding its own document
    run2 = store.start_run(["gov"])
    assert put(store, OLD, run=run2, day=1, index_no="dup-1").kind == "unchanged"
    assert put(store, NEW, "完全不同的另一份文件。", run=run2, day=1, index_no="dup-1").kind == "unchanged"


def test_the_same_url_in_another_source_is_another_document(store: Store) -> None:
    first = put(store, OLD)
    store.ensure_source("mirror")
    other = store.record_version("mirror", make_doc(OLD, TEXT), raw=None, run_id=store.start_run(["mirror"]))
    assert other.kind == "new_document"
    assert other.document.id != first.document.id
    assert [d.id for d in store.known_documents("mirror")] == [other.document.id]


def test_the_document_listing_streams_what_documents_and_versions_list(store: Store) -> None:
    # a moved document (an alias, two versions), then another (a URL listed in between makes none)
    put(store, OLD, index_no="11110000/2024-00123", title="办法")
    put(store, NEW, TEXT + "\n第三条 新增。", day=1, index_no="11110000/2024-00123", title="办法")
    store.record_listing("gov", ["http://gov.test/queued.html"], run_id=store.start_run(["gov"]), complete=False)
    put(store, "http://gov.test/other.html", "第一条 另文。", day=2, issuer="财政部", doc_number="财发〔2024〕1号")
    listed = list(store.document_listing())
    assert [d for d, _ in listed] == store.documents()
    assert [vs for _, vs in listed] == [store.versions(d.id, texts=False) for d in store.documents()]
    assert [len(vs) for _, vs in listed] == [2, 1] and listed[0][0].aliases == (OLD,)


PAGE = "http://gov.test/zwgk/2024/t20240101_9.html"


def test_a_page_at_the_same_address_after_the_site_moves_to_https_and_www_is_the_same_document(
        store: Store) -> None:
    first = put(store, PAGE)
    moved = put(store, "https://gov.test/zwgk/2024/t20240101_9.html", day=1)
    assert moved.kind == "unchanged" and moved.document.id == first.document.id
    assert moved.document.url == "https://gov.test/zwgk/2024/t20240101_9.html" and PAGE in moved.document.aliases
    # then to www., with an edit on the way: a new version of the same document, not a new one
    edited = put(store, "https://www.gov.test/zwgk/2024/t20240101_9.html", TEXT + "\n第三条 新增。", day=2)
    assert edited.kind == "new_version" and edited.document.id == first.document.id
    assert len(store.documents("gov")) == 1


def test_a_listing_at_the_new_address_keeps_the_moved_documents_listed(store: Store) -> None:
    first = put(store, PAGE)
    run = store.start_run(["gov"])
    left = store.record_listing("gov", ["https://www.gov.test/zwgk/2024/t20240101_9.html"], run_id=run, complete=True)
    assert left == []  # not reported gone before it is fetched at its new address
    assert put(store, "https://www.gov.test/zwgk/2024/t20240101_9.html", run=run, day=1).document.id == first.document.id


def test_two_live_copies_on_both_schemes_in_one_run_stay_two_documents(store: Store) -> None:
    run = store.start_run(["gov"])
    store.record_listing("gov", [PAGE], run_id=run, complete=False)
    a = put(store, PAGE, run=run)
    store.record_listing("gov", [PAGE, "https://gov.test/zwgk/2024/t20240101_9.html"], run_id=run, complete=False)
    b = put(store, "https://gov.test/zwgk/2024/t20240101_9.html", "完全不同的另一份文件。", run=run)
    assert b.kind == "new_document" and a.document.id != b.document.id


def test_another_path_or_another_site_is_not_the_same_address(store: Store) -> None:
    put(store, PAGE)
    assert put(store, "https://gov.test/zwgk/2024/t20240101_10.html", day=1).kind == "new_document"
    assert put(store, "https://other.test/zwgk/2024/t20240101_9.html", day=1).kind == "new_document"
    assert put(store, "https://gov.test/zwgk/2024/t20240101_9.html?print=1", day=1).kind == "new_document"


def test_a_page_stored_under_its_escaped_chinese_address_is_found_at_the_raw_one(store: Store) -> None:
    """A store written before listed URLs were spelled one way holds `/%e6%94%bf…/` as a link had
    it; the crawler now lists `/政策文件/`: the same document, not a new one beside one gone missing."""
    raw = "http://gov.test/zcwj/政策文件/t20240108_102.html"
    escaped = "http://gov.test/zcwj/%e6%94%bf%e7%ad%96%e6%96%87%e4%bb%b6/t20240108_102.html"
    first = put(store, escaped)
    run = store.start_run(["gov"])
    assert store.record_listing("gov", [raw], run_id=run, complete=True) == []
    again = put(store, raw, run=run, day=1)
    assert again.kind == "unchanged" and again.document.id == first.document.id and escaped in again.document.aliases
    # another name is another page
    assert put(store, "http://gov.test/zcwj/政策/t20240108_102.html", day=2).kind == "new_document"


def test_aliases_are_respelled_once_per_set_of_rules_and_keep_their_owner(store: Store) -> None:
    """Store.respell_aliases adds each stored URL's spelling under new URL rules as an alias of
    its document, once per rules; a spelling that is already another document's stays its."""
    served = "http://gov.test//zwgk/2024/art_1.html;jsessionid=0A1B2C3D"
    first = put(store, "http://gov.test/r?id=1", raw_url="http://gov.test/r?id=1", final_url=served,
                redirects=("http://gov.test/r?id=1",))
    other = put(store, "http://gov.test/zwgk/2024/art_2.html", "第一条 另一份文件。")
    spell = {served: "http://gov.test/zwgk/2024/art_1.html",
             "http://gov.test/zwgk/2024/art_2.html": "http://gov.test/zwgk/2024/art_2.html",
             "http://gov.test/r?id=1": "http://gov.test/zwgk/2024/art_2.html"}  # taken: art_2 keeps it
    assert store.respell_aliases(lambda url: spell.get(url, url), rules="a") == 1
    assert store.document("http://gov.test/zwgk/2024/art_1.html").id == first.document.id
    assert store.document("http://gov.test/zwgk/2024/art_2.html").id == other.document.id
    assert store.respell_aliases(lambda url: url.upper(), rules="a") == 0  # done under these rules
    assert store.respell_aliases(lambda url: url.replace("gov.test", "www.gov.test"), rules="b") == 4
