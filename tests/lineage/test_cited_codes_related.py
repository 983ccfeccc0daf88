"""A document citing another by a 文号 that the sentence around it dresses (a lead-in verb and its
好, a joint committee, an office's full name, a place whose own code repeats its head, a serial
written with 第, an organ's 公告 series) cites that document: imported through the real CLI, read back with `related`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from policywatch.cli import cli

# per case: a key, the cited document's issuer, its own 文号 and title, and the sentence citing it
_CASES = [line.split(" ", 4) for line in """
cs 长沙市人民政府 长政发〔2023〕5号 长沙市人民政府关于加快推进数字经济高质量发展的若干意见 各级各部门要认真学习长政发〔2023〕5号文件精神，结合实际抓好落实。
gb 贵港市港北区人民政府 港北政发〔2022〕3号 贵港市港北区人民政府关于印发港北区优化营商环境实施方案的通知 区直各单位要认真学习港北政发〔2022〕3号，切实做好营商环境相关工作。
xx 湘西土家族苗族自治州人民政府 州政发〔2020〕3号 中共湘西州委湘西州人民政府关于推进乡村振兴的实施意见 各县市要认真贯彻州委州政发〔2020〕3号文件要求，推进乡村振兴。
hn 湖南省人民政府 湘政发〔2021〕8号 湖南省人民政府关于进一步优化营商环境的若干意见 各县市区要落实好湘政发〔2021〕8号文件规定的各项任务。
hl 和龙市人民政府 和龙政发〔2019〕1号 和龙市人民政府关于印发和龙市生态环境保护工作方案的通知 根据吉林省和龙市和龙政发〔2019〕1号文件要求，结合本镇实际制定本方案。
xz 某县人民政府办公室 县政办发〔2021〕6号 某县人民政府办公室关于印发某县农村人居环境整治方案的通知 按照县政府办公厅县政办发〔2021〕6号要求，各乡镇要抓好整治工作。
sw 国家税务总局 国家税务总局公告〔2018〕28号 国家税务总局关于发布企业所得税税前扣除凭证管理办法的公告 根据国家税务总局公告〔2018〕第28号规定，做好扣除凭证管理工作。
qf 贵州省人民政府 黔府发〔2018〕7号 贵州省人民政府关于促进大数据产业发展的意见 根据黔府发〔2018〕第7号文件规定，结合本市实际，制定本实施方案。
""".strip().splitlines()]
_ARTICLES = "第一条 为加强管理，制定本办法。\n第二条 本办法适用于本行政区域。\n"


def _cited(tmp_path: Path, cases: list[list[str]], decoys: list[list[str]] = ()) -> dict[str, list[str]]:
    """Import each case's cited document, the decoys (documents no case cites) and each case's citing
    document; what each citing document cites, by file stem."""
    for serial, (key, issuer, number, title, sentence) in enumerate(cases, 1):
        (tmp_path / f"t_{key}.txt").write_text(f"{issuer}\n{number}\n{title}\n各有关单位：\n{_ARTICLES}{issuer}\n2023年1月5日\n",
                                               encoding="utf-8")
        (tmp_path / f"c_{key}.txt").write_text(
            f"某某镇人民政府\n某镇发〔2024〕{serial}号\n某某镇人民政府关于做好第{serial}项重点工作的通知\n各村（社区）：\n"
            f"{sentence}\n请各单位认真抓好落实。\n某某镇人民政府\n2024年2月1日\n", encoding="utf-8")
    for key, issuer, number, title in decoys:
        (tmp_path / f"t_{key}.txt").write_text(f"{issuer}\n{number}\n{title}\n各有关单位：\n{_ARTICLES}{issuer}\n2023年1月5日\n",
                                               encoding="utf-8")
    config = tmp_path / "pw.toml"
    config.write_text(f'database = "{tmp_path / "pw.db"}"\noutput_dir = "{tmp_path / "site"}"\n', encoding="utf-8")
    runner = CliRunner()
    for path in sorted(tmp_path.glob("t_*.txt")) + sorted(tmp_path.glob("c_*.txt")):  # cited documents first
        assert runner.invoke(cli, ["import", "--as-of", "2024-06-01", "--config", str(config), str(path)]).exit_code == 0
    rows = json.loads(runner.invoke(cli, ["export", "--config", str(config)]).stdout)
    stems = {row["url"]: Path(row["url"]).stem for row in rows}
    cited = {}
    for row in rows:
        if stems[row["url"]].startswith("c_"):
            out = json.loads(runner.invoke(cli, ["related", str(row["id"]), "--format", "json", "--config",
                                                 str(config)]).stdout)
            cited[stems[row["url"]]] = sorted(stems.get(rel["other"].get("url", ""), rel["other"].get("doc_number", ""))
                                              for rel in out["relations"] if rel["kind"] == "cites")
    return cited


def test_a_dressed_citation_cites_the_stored_document(tmp_path: Path) -> None:
    assert _cited(tmp_path, _CASES) == {f"c_{key}": [f"t_{key}"] for key, *_ in _CASES}


# a place's name holding an organ's character (南部县), words before an organ's 公告 series, a 和 after
# a lead-in joining two objects: each cites its own document, never another place's code or none
_PLACE_CASES = [line.split(" ", 4) for line in """
nb 南部县人民政府 南部县政发〔2020〕1号 南部县人民政府关于加强耕地保护工作的通知 根据南部县政发〔2020〕1号文件要求，做好耕地保护工作。
nw 中共南部县委 南委发〔2020〕2号 中共南部县委关于加强基层党建工作的意见 根据南部县委南委发〔2020〕2号文件精神，加强基层党建。
zz 湘西土家族苗族自治州人民政府 州政发〔2020〕5号 湘西土家族苗族自治州人民政府关于推进产业发展的意见 各村要学习领会和州政发〔2020〕5号文件精神，推进产业发展。
sw 国家税务总局 国家税务总局公告〔2018〕28号 国家税务总局关于发布企业所得税税前扣除凭证管理办法的公告 此前国家税务总局公告〔2018〕28号规定的扣除凭证管理事项继续执行。
""".strip().splitlines()]
# another county's and another prefecture's documents of the codes the sentences would be misread as
_DECOYS = [line.split(" ", 3) for line in """
xz 某县人民政府 县政发〔2020〕1号 某县人民政府关于加强安全生产工作的通知
xw 某县委 县委南委发〔2020〕2号 某县委关于加强作风建设的意见
hz 和州人民政府 和州政发〔2020〕5号 和州人民政府关于加强林业工作的通知
""".strip().splitlines()]


def test_a_citation_names_its_own_places_document(tmp_path: Path) -> None:
    assert _cited(tmp_path, _PLACE_CASES, _DECOYS) == {f"c_{key}": [f"t_{key}"] for key, *_ in _PLACE_CASES}
