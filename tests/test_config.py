"""Config loading: defaults, validation errors that name file, key and expectation."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from policywatch.config import (
    FETCH_KEYS,
    SMTP_KEYS,
    SOURCE_KEYS,
    FetchSettings,
    SmtpSettings,
    SourceConfig,
    load_settings,
    settings_from_dict,
)
from policywatch.configdoc import example_config
from policywatch.errors import ConfigError

MINIMAL = """
[[sources]]
name = "miit"
listing_urls = ["https://www.miit.gov.cn/zwgk/zcwj/index.html"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policywatch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_config_gets_defaults_and_resolves_paths(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, MINIMAL))
    assert settings.database == tmp_path / "policywatch.db"
    assert settings.sources[0].hosts == ("www.miit.gov.cn",)
    assert settings.fetch.min_delay == 2.0
    assert settings.sources[0].profile == "generic"


def test_unknown_key_lists_valid_ones(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + 'profil = "trs"\n')
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = str(info.value)
    assert str(path) in message and "sources[0] (\"miit\"): unknown key 'profil'" in message and "profile" in message


def test_unknown_top_level_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown key 'databse'.*database"):
        load_settings(write(tmp_path, 'databse = "x.db"\n' + MINIMAL))


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ('[fetch]\nmin_delay = "fast"\n', "fetch.min_delay: expected a non-negative number"),
        ("[fetch]\nretries = -1\n", "fetch.retries: expected a non-negative integer"),
        ('[smtp]\nsecurity = "tls"\n', "smtp.security: expected one of none, starttls, ssl"),
        ('lang = "fr"\n', "lang: expected one of zh, en"),
        # TOML has nan and inf: a nan timeout made the socket refuse it at the first request, an
        # inf one overflowed the deadline's clock in a thread (a traceback, the run lost)
        ("[fetch]\ntotal_timeout = inf\n", "fetch.total_timeout: expected a non-negative number, got inf"),
        ("[fetch]\nread_timeout = nan\n", "fetch.read_timeout: expected a non-negative number, got nan"),
        ("health_alert_after = -inf\n", "health_alert_after: expected a non-negative number, got -inf"),
        ("[smtp]\nport = 99999\n", "smtp.port: expected an integer from 0 to 65535, got 99999"),
        # the ZIP bounds: 0 would refuse every bundle (or read none of it), a string is not a count
        ("[extract]\nmax_zip_members = 0\n", "extract.max_zip_members: expected a positive integer, got 0"),
        ('[extract]\nmax_zip_members = "200"\n', "extract.max_zip_members: expected a positive integer, got '200'"),
        ("[extract]\nmax_zip_depth = 0\n", "extract.max_zip_depth: expected an integer from 1 to 8, got 0"),
        ("[extract]\nmax_zip_depth = 50\n", "extract.max_zip_depth: expected an integer from 1 to 8, got 50"),
        ("[extract]\nmax_zip_ratio = -3\n", "extract.max_zip_ratio: expected a positive integer, got -3"),
        ("[extract]\nmax_unzipped_bytes = 0\n", "extract.max_unzipped_bytes: expected a positive integer, got 0"),
    ],
)
def test_wrong_values_name_key_and_expectation(tmp_path: Path, snippet: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected.replace(".", r"\.")):
        load_settings(write(tmp_path, snippet + MINIMAL))


def test_zip_limits_are_read_from_the_extract_table(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "[extract]\nmax_zip_members = 500\nmax_zip_depth = 3\n" + MINIMAL))
    assert (settings.extract.max_zip_members, settings.extract.max_zip_depth) == (500, 3)
    defaults = load_settings(write(tmp_path, MINIMAL)).extract
    assert (defaults.max_zip_members, defaults.max_zip_depth) == (200, 2)


def test_missing_required_source_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r'sources\[0\] \("x"\)\.listing_urls: required key is missing'):
        load_settings(write(tmp_path, '[[sources]]\nname = "x"\n'))


def test_non_http_listing_url_and_duplicate_names(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not an http"):
        load_settings(write(tmp_path, '[[sources]]\nname = "x"\nlisting_urls = ["ftp://a/b"]\n'))
    with pytest.raises(ConfigError, match="used twice"):
        load_settings(write(tmp_path, MINIMAL + MINIMAL))


def test_broken_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(write(tmp_path, "[[sources]\nname="))
    with pytest.raises(ConfigError, match="no such config file.*policywatch init"):
        load_settings(tmp_path / "absent.toml")


def test_smtp_password_only_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, '[smtp]\npassword = "secret"\n' + MINIMAL))
    # said where the password is read from, not "did you mean 'password_env'" (a name, not a password)
    assert "smtp: unknown key 'password' (the password is never written in the config: it is read from the " \
           "environment variable $POLICYWATCH_SMTP_PASSWORD" in str(info.value)
    assert "did you mean" not in str(info.value)
    monkeypatch.setenv("PW_SECRET", "s3cret")
    settings = load_settings(write(tmp_path, '[smtp]\npassword_env = "PW_SECRET"\n' + MINIMAL))
    assert settings.smtp.password == "s3cret"


@pytest.mark.parametrize(
    ("keys", "cls"),
    [(FETCH_KEYS, FetchSettings), (SMTP_KEYS, SmtpSettings), (SOURCE_KEYS, SourceConfig)],
)
def test_schema_defaults_match_dataclass_defaults(keys, cls) -> None:  # type: ignore[no-untyped-def]
    fields = {f.name: f for f in dataclasses.fields(cls)}
    assert set(keys) == set(fields)
    for name, key in keys.items():
        if key.required:
            continue
        default = fields[name].default
        expected = () if isinstance(key.default, list) and not key.default else key.default
        assert default == expected, name


def test_example_config_is_valid_and_complete() -> None:
    text = example_config()
    settings = settings_from_dict(tomllib.loads(text))
    assert settings.sources[0].name == "miit-zcwj"
    for name in list(FETCH_KEYS) + list(SMTP_KEYS) + list(SOURCE_KEYS):
        assert f"{name} =" in text, name


def test_webhook_and_listing_urls_must_be_usable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"webhooks\[0\] \(\"w\"\)\.url: 'http://127.0.0.1:99999/x' is not an http"):
        load_settings(write(tmp_path, MINIMAL + '[[webhooks]]\nname = "w"\nurl = "http://127.0.0.1:99999/x"\n'))
    with pytest.raises(ConfigError, match="not an http"):
        load_settings(write(tmp_path, '[[sources]]\nname = "x"\nlisting_urls = ["http:///no-host"]\n'))
    with pytest.raises(ConfigError, match="timezone"):
        load_settings(write(tmp_path, 'timezone = "Mars/Olympus"\n' + MINIMAL))


def test_every_problem_named_at_once(tmp_path: Path) -> None:
    """Several typos and wrong values in one config are named together, each once, a typo with
    the key it is closest to: one load per typo, each naming the next, was the old way."""
    path = write(tmp_path, 'databse = "x.db"\nlang = 3\n[fetch]\nmin_dealy = 2\nretries = "x"\n' + MINIMAL
                 + 'profil = "trs"\n[[sources]]\nlisting_urls = ["https://www.example.gov.cn/b/"]\n')
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    lines = str(info.value).splitlines()
    assert lines[0] == "6 problems in the config:"
    expected = ["unknown key 'databse' (did you mean 'database'?)", "lang: expected a string, got 3",
                "fetch: unknown key 'min_dealy' (did you mean 'min_delay'?)",
                "fetch.retries: expected a non-negative integer, got 'x'",
                "sources[0] (\"miit\"): unknown key 'profil' (did you mean 'profile'?)",
                "sources[1].name: required key is missing"]
    assert len(lines) == 1 + len(expected)
    for line, said in zip(lines[1:], expected, strict=True):
        assert line.startswith(f"  {path}: {said}"), line


def test_one_problem_said_alone(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, MINIMAL + 'profil = "trs"\n'))
    assert str(info.value).startswith(f"{tmp_path / 'policywatch.toml'}: sources[0] (\"miit\"): unknown key 'profil' "
                                      "(did you mean 'profile'?); valid keys of [[sources]]: ")


def test_every_wrong_value_named_at_once(tmp_path: Path) -> None:
    """The values' own checks (a time zone, a schedule, a name used twice, a header, a broker, a
    recipient, a selector) are collected with the key checks: they stopped at the first."""
    path = write(tmp_path, 'timezone = "Mars/Phobos"\ndigest_schedule = "whenever"\ndatabse = "x.db"\n'
                 '[fetch]\nuser_agent = "研究 bot"\n[smtp]\nsender = "a@b, c@d"\n'
                 '[distributed]\nbroker_url = "amqp://x"\nvisibility_timeout = 10.0\n'
                 + MINIMAL + 'body_selector = "div[[["\nschedule = "every banana"\n' + MINIMAL
                 + '[[subscriptions]]\nname = "s"\nrecipients = ["nobody", "a@b.c, d@e.f"]\n')
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    lines = str(info.value).splitlines()
    said = ["unknown key 'databse'", "fetch.user_agent: expected printable ASCII", "smtp.sender: 'a@b, c@d'",
            "distributed.broker_url: expected a redis:// URL", "distributed.visibility_timeout (10) must exceed",
            "sources: name 'miit' is used twice", "sources[0] (\"miit\").body_selector: 'div[[[' is not a valid CSS",
            "sources[0] (\"miit\").schedule: schedule 'every banana'", "digest_schedule: schedule 'whenever'",
            "subscriptions[0] (\"s\").recipients[0]: 'nobody'", "subscriptions[0] (\"s\").recipients[1]",
            "timezone: 'Mars/Phobos' is not a known time zone"]
    assert lines[0] == f"{len(said)} problems in the config:", lines
    for line, expected in zip(lines[1:], said, strict=True):
        assert line.startswith(f"  {path}: {expected}"), (line, expected)


def test_a_misspelt_required_key_is_named_once(tmp_path: Path) -> None:
    """`nmae` is one mistake: said as the unknown key pointing at `name`, not also as `name` missing;
    the valid keys of [[sources]] are listed once, not on each source's line."""
    path = write(tmp_path, '[[sources]]\nnmae = "gov"\nlisting_urls = ["https://a.gov.cn/"]\n'
                 '[[sources]]\nname = "b"\nlisting_url = ["https://b.gov.cn/"]\n')
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    lines = str(info.value).splitlines()
    assert lines[0] == "2 problems in the config:" and "required key is missing" not in str(info.value), lines
    assert lines[1].startswith(f"  {path}: sources[0]: unknown key 'nmae' (did you mean 'name'?); valid keys of "
                               "[[sources]]: allow_private, "), lines
    assert lines[2] == f"  {path}: sources[1] (\"b\"): unknown key 'listing_url' (did you mean 'listing_urls'?)"
    # a required key truly missing is still said
    with pytest.raises(ConfigError, match=r'sources\[0\] \("x"\)\.listing_urls: required key is missing'):
        load_settings(write(tmp_path, '[[sources]]\nname = "x"\n'))


@pytest.mark.parametrize(("snippet", "said"), [
    ('user_agent = "bot"\n' + MINIMAL, "unknown key 'user_agent' (it belongs in [fetch])"),
    ('retries = 2\n' + MINIMAL, "unknown key 'retries' (it belongs in [fetch])"),
    (MINIMAL + 'read_timeout = 3\n', "sources[0] (\"miit\"): unknown key 'read_timeout' (it belongs in [fetch])"),
    ('[fetch]\nlisting_urls = []\n' + MINIMAL, "fetch: unknown key 'listing_urls' (it belongs in [[sources]])"),
    ('LANG = "en"\n' + MINIMAL, "unknown key 'LANG' (did you mean 'lang'? keys are lower case)"),
    ('Lnag = "en"\n' + MINIMAL, "unknown key 'Lnag' (did you mean 'lang'?)"),
])
def test_a_key_in_the_wrong_table_or_case_is_pointed_at(tmp_path: Path, snippet: str, said: str) -> None:
    path = write(tmp_path, snippet)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert str(info.value).startswith(f"{path}: {said}"), str(info.value)


@pytest.mark.parametrize(("encoding", "said"), [
    ("gbk", "line 3 is not UTF-8 (saved as GBK or GB18030?); save the file as UTF-8"),
    ("gb18030", "line 3 is not UTF-8 (saved as GBK or GB18030?); save the file as UTF-8"),
    ("utf-16", "it is UTF-16 (a byte-order mark FF FE or FE FF); save it as UTF-8"),
])
def test_a_config_not_in_utf8_is_named_with_its_line_and_the_fix(tmp_path: Path, encoding: str, said: str) -> None:
    """The codec's own words ("can't decode byte 0xc5 in position 40") named neither the line nor
    what to do with a config Notepad saved as GBK or UTF-16."""
    path = tmp_path / "policywatch.toml"
    path.write_bytes(('database = "pw.db"\n[[sources]]\nname = "工信部"\n'
                      'listing_urls = ["https://www.miit.gov.cn/"]\n').encode(encoding))
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert str(info.value) == f"{path}: cannot read config file: {said}"


def test_each_line_of_a_config_error_on_stderr_is_prefixed(tmp_path: Path) -> None:
    """A log collector keeping `policywatch:` lines keeps every problem of a config, not the count alone."""
    import subprocess
    import sys

    path = write(tmp_path, 'timezone = "Mars/Phobos"\ndigest_schedule = "whenever"\n' + MINIMAL + MINIMAL)
    done = subprocess.run([sys.executable, "-m", "policywatch", "status", "--config", str(path)],
                          capture_output=True, text=True, timeout=120)
    lines = done.stderr.splitlines()
    assert done.returncode == 2 and lines[0] == "policywatch: 3 problems in the config:", done.stderr
    assert len(lines) == 4 and all(line.startswith(f"policywatch:   {path}: ") for line in lines[1:]), lines


def test_an_entry_named_with_a_newline_keeps_its_problem_on_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[[sources]]\nname = "a\\nb \\"c\\""\nlisting_urls = ["https://a.gov.cn/"]\nprofil = 1\n')
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert str(info.value).startswith(f'{path}: sources[0] ("a\\nb \\"c\\""): unknown key \'profil\''), str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(("options", "expected"), [
    ('profile = "json"\njson_post = "pageSize=15&channelId=1261"\n', r"json_post: 'pageSize=15&channelId=1261' names no page: put \{page\}"),
    ('json_post = "pageNo={page}"\n', r"json_post: set for profile 'generic'.*profile = \"json\""),
    ('profile = "hanweb"\njson_post = "pageNo={page}"\n', r"json_post: set for profile 'hanweb'"),
])
def test_json_post_needs_a_page_and_the_json_profile(tmp_path: Path, options: str, expected: str) -> None:
    """Without {page} every page POSTed page 1's fields (an API answering new records for ever
    was read to max_pages); on an html profile it was silently ignored."""
    with pytest.raises(ConfigError, match=r'sources\[0\] \("x"\)\.' + expected):
        load_settings(write(tmp_path, '[[sources]]\nname = "x"\nlisting_urls = ["http://a.gov.cn/l"]\n' + options))
    ok = load_settings(write(tmp_path, '[[sources]]\nname = "x"\nlisting_urls = ["http://a.gov.cn/l"]\n'
                                       'profile = "json"\njson_post = "pageNo=%7Bpage%7D&pageSize=15"\n'))
    assert ok.sources[0].json_post == "pageNo=%7Bpage%7D&pageSize=15"
