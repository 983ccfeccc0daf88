"""`policywatch amend DECISION TARGET` run as a user runs it: output, JSON contract, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).parent.parent / "data" / "amend"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policywatch", "amend", *map(str, args)],
                          capture_output=True, text=True, timeout=120, check=False)


def test_all_applied_json_and_check(tmp_path: Path) -> None:
    done = run(DATA / "ningchuan_voucher_decision_2024.txt", DATA / "ningchuan_voucher_2021.txt",
               "--format", "json", "--check", DATA / "ningchuan_voucher_2024.txt")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert {"text", "applied", "not_applied"} <= payload.keys()
    assert payload["not_applied"] == [] and len(payload["applied"]) == 13
    assert payload["applied"][5] == {"instruction": "六、删去第八条。", "effects": ["deleted 第八条"]}
    assert payload["consistency"]["changes"] == []
    # the text output is the consolidated text, which `policywatch diff` finds equal to the republished one
    text = run(DATA / "ningchuan_voucher_decision_2024.txt", DATA / "ningchuan_voucher_2021.txt")
    assert text.returncode == 0 and text.stdout.startswith("宁川市科技创新券管理办法\n")
    derived = tmp_path / "derived.txt"
    derived.write_text(text.stdout, encoding="utf-8")
    diff = subprocess.run([sys.executable, "-m", "policywatch", "diff", str(derived), str(DATA / "ningchuan_voucher_2024.txt")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert diff.returncode == 0, diff.stdout


def test_some_not_applied_exit_1_and_listed(tmp_path: Path) -> None:
    decision = tmp_path / "decision.html"
    decision.write_text("<html><head><title>关于修改《宁川市河道管理条例》的决定</title></head><body>"
                        "<h1>关于修改《宁川市河道管理条例》的决定</h1>"
                        "<p>一、将第七条中的“一万元以上五万元以下”修改为“二万元以上十万元以下”。</p>"
                        "<p>二、删去第二十条。</p><p>三、将第二条与第三条合并。</p></body></html>", encoding="utf-8")
    done = run(decision, DATA / "ningchuan_river_2019.txt", "--format", "json")
    assert done.returncode == 1, done.stderr
    payload = json.loads(done.stdout)
    assert [n["instruction"] for n in payload["not_applied"]] == ["二、删去第二十条。", "三、将第二条与第三条合并。"]
    assert "第二十条 not found" in payload["not_applied"][0]["reason"]
    assert "二万元以上十万元以下" in payload["text"]
    text = run(decision, DATA / "ningchuan_river_2019.txt")
    assert text.returncode == 1 and "not applied: 二、删去第二十条。" in text.stderr


def test_errors_exit_2(tmp_path: Path) -> None:
    plain = tmp_path / "plan.txt"
    plain.write_text("某市实施意见\n一、总体要求\n坚持创新。\n二、主要任务\n发展产业。\n", encoding="utf-8")
    done = run(DATA / "ningchuan_voucher_decision_2024.txt", plain)
    assert done.returncode == 2 and "no articles" in done.stderr and not done.stdout
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    assert run(broken, DATA / "ningchuan_voucher_2021.txt").returncode == 2


def test_docx_decision_and_a_file_that_is_no_decision(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for line in (DATA / "ningchuan_voucher_decision_2024.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    decision = tmp_path / "decision.docx"
    document.save(str(decision))
    done = run(decision, DATA / "ningchuan_voucher_2021.txt", "--check", DATA / "ningchuan_voucher_2024.txt")
    assert done.returncode == 0, done.stderr
    not_a_decision = run(DATA / "ningchuan_voucher_2021.txt", DATA / "ningchuan_voucher_2021.txt")
    assert not_a_decision.returncode == 2 and "no amendment instructions" in not_a_decision.stderr


def test_pdf_target(tmp_path: Path) -> None:
    from tests.govsite import make_pdf
    from tests.lineage.test_amend_forms import TARGET

    target = tmp_path / "target.pdf"
    target.write_bytes(make_pdf(TARGET.splitlines()))
    decision = tmp_path / "decision.txt"
    decision.write_text("关于修改《宁川市测试办法》的决定\n一、将第四条中的“十万元”修改为“八万元”。\n二、删去第二条第二款。\n",
                        encoding="utf-8")
    done = run(decision, target, "--format", "json")
    assert done.returncode == 0, done.stderr
    text = json.loads(done.stdout)["text"]
    assert "第四条 补助标准为八万元，有效期为五年。" in text and "市财政局负责资金。" not in text


def test_an_instruction_ending_the_rest_unchanged_is_applied(tmp_path: Path) -> None:
    decision, target = tmp_path / "decision.txt", tmp_path / "target.txt"
    decision.write_text("宁川市人民政府关于修改《宁川市科技资金管理办法》的决定\n市人民政府决定对《宁川市科技资金管理办法》作如下修改：\n"
                        "将第五条中的“一千万元”修改为“五百万元”，其余条款不变。\n本决定自公布之日起施行。\n", encoding="utf-8")
    target.write_text("宁川市科技资金管理办法\n第一条 为了规范科技资金管理，制定本办法。\n第五条 单个项目资助最高一千万元。\n"
                      "第六条 本办法自2024年1月1日起施行。\n", encoding="utf-8")
    done = run(decision, target, "--format", "json")
    assert done.returncode == 0, done.stdout + done.stderr
    payload = json.loads(done.stdout)
    assert payload["not_applied"] == [] and "第五条 单个项目资助最高五百万元。" in payload["text"]
