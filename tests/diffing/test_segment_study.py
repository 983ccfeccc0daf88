"""The verbatim test cases T1–T13 of the clause study (clauses.md §6.6), one paragraph per line.

Inputs are written the way the normalizer's display text looks (PDF rows already joined); each
case is also run through `normalize_text` when that library is present, and must give the same
paths.
"""

from __future__ import annotations

import pytest

import policywatch.normalize as normalize_lib
from policywatch.diffing import segment
from policywatch.model import ClauseTree

_normalize_text = getattr(normalize_lib, "normalize_text", None)


def _trees(text: str) -> list[ClauseTree]:
    trees = [segment(text)]
    if _normalize_text is not None:
        trees.append(segment(_normalize_text(text).display))
    return trees


def _clauses(tree: ClauseTree) -> dict[str, tuple[str, str]]:
    return {c.path_str: (c.heading, c.text) for c in tree}


T1 = """\
三、重点任务
（一）大力发展人工智能平台。围绕人工智能基础技术开发、应用支撑和创新创业服务，建设一批平台。
——基础技术开发平台。支持企业建设人工智能开放平台。
——应用性支撑平台。突破跨媒体分析推理技术、大数据挖掘与机器学习技术、群体智能关键技术、混合增强智能新架构与新技术等，建设人工智能创新基础服务平台；在智能制造等领域推动平台发展。
——创新创业服务平台。建设一批众创空间。"""


def test_t1_dash_items_are_numbered_by_position() -> None:
    for tree in _trees(T1):
        got = _clauses(tree)
        heading, text = got["三/（一）/——2"]
        assert heading == "应用性支撑平台"
        assert text.startswith("——应用性支撑平台。突破跨媒体分析推理技术、大数据挖掘")
        assert got["三/（一）"][0] == "大力发展人工智能平台"
        assert "三/（一）/——3" in got


T2 = """\
四、主要措施
（一）夯实发展基础。加快物联网、北斗导航、IPv6、5G 等人工智能产业发展的基础技术和信息基础设施建设，进一步提升网络整体容量和综合业务的承载能力。"""


def test_t2_lead_in_in_the_heading_line_and_5g_is_no_item() -> None:
    for tree in _trees(T2):
        got = _clauses(tree)
        assert list(got) == ["四", "四/（一）"]
        assert got["四"][0] == "主要措施"
        assert got["四/（一）"][0] == "夯实发展基础"
        assert "5G" in got["四/（一）"][1]


T3 = """\
（三）开展补链行动，为“双链”融合注入韧性。
4. 强化产业链精准招商。围绕广州人工智能产业发展目标及现有产业基础，开展精准招商。
推动人工智能核心要素资源集聚。发挥产业龙头企业的带动作用，集聚要素。
（四）开展稳链行动，为产业发展营造多元创新生态。1. 建设多层次人才培养体系。以人工智能产业应用为导向，培养人才。
2. 营造良好多元创新生态。建立人工智能多元创新文化氛围，营造生态。"""


def test_t3_two_markers_merged_in_one_paragraph() -> None:
    for tree in _trees(T3):
        got = _clauses(tree)
        assert list(got) == ["（三）", "（三）/4", "（四）", "（四）/1", "（四）/2"]
        assert got["（三）/4"][0] == "强化产业链精准招商"
        assert got["（三）/4"][1].endswith("推动人工智能核心要素资源集聚。发挥产业龙头企业的带动作用，集聚要素。")
        assert got["（四）"] == ("开展稳链行动，为产业发展营造多元创新生态", "（四）开展稳链行动，为产业发展营造多元创新生态。")
        assert got["（四）/1"][0] == "建设多层次人才培养体系"
        assert got["（四）/1"][1].startswith("1. 建设多层次人才培养体系。以人工智能")
        assert got["（四）/2"][0] == "营造良好多元创新生态"


T4 = """\
（二）打造示范创新应用
10. 统筹推进人工智能与重要民生领域融合发展。
（1）推进人工智能与大健康领域融合发展。推进工作。
（2）加快人工智能与长沙教育融合发展。全面落实立德树人根本任务，推进工作。
（三）统筹规划政策试验 11. 发展负责任的新一代人工智能。
（1）发展符合人类价值观和伦理道德、负责任的新一代人工智能，避免误用，禁止滥用、恶用。
（2）尊重和保护个人隐私，充分保障个人的知情权和选择权，在个人信息的收集、存储、处理、使用各环节应设置边界，建立规范。
（3）加快形成人工智能信息自主安全防控体系框架和安全保障平台，建立机制。
12. 推动伦理体系建设。"""


def test_t4_compound_heading_with_numbering_running_on() -> None:
    for tree in _trees(T4):
        got = _clauses(tree)
        assert got["（三）"][0] == "统筹规划政策试验"
        assert got["（三）/11"][0] == "发展负责任的新一代人工智能"
        assert {"（三）/11/（1）", "（三）/11/（2）", "（三）/11/（3）"} <= set(got)
        assert got["（三）/11/（2）"][1].count("\n") == 0
        assert got["（三）/12"][0] == "推动伦理体系建设"
        assert "（三）/11/（3）/12" not in got
        assert "（二）/10/（2）" in got


T5 = """\
第一章 总则
第一条为引导推动广州人工智能与数字经济试验区（以下简称广州试验区）“一江两岸三片区”各展其长、协同发展，制定本导则。
第二条本导则适用于广州试验区内人工智能与数字经济领域的产业、科技规划和人才配套项目建设及管理。
第七章 附则
第十七条本导则由市工业和信息化局负责解释。
第十八条本导则自印发之日起施行，有效期至2025年12月31日。"""


def test_t5_articles_without_a_space_have_no_heading() -> None:
    for tree in _trees(T5):
        got = _clauses(tree)
        assert list(got) == ["第一章", "第一章/第一条", "第一章/第二条", "第七章", "第七章/第十七条",
                             "第七章/第十八条"]
        assert got["第一章"][0] == "总则"
        assert all(got[p][0] == "" for p in got if "/" in p)
        assert got["第七章/第十七条"][1] == "第十七条本导则由市工业和信息化局负责解释。"


T6 = """\
第二章 支持措施
第八条 本章相关术语和情况说明如下：
（一）实际完成的固定资产投资额不含税计算，按新企业工商注册之日起或新项目在区发展和改革委员会备案之日起开始核算，以企业提供的具有资质第三方出具的专项审计报告的数据为准。
(二) 实际固定资产投资额包含新建的土建工程、购置的新生产设备款。
(七) 约定投产时间，是指企业项目签订国有建设用地使用权出让合同所约定的投产起止时间。
(八)在约定时间内投产,是指企业项目实际投产时间少于或等于国有建设用地使用权出让合同约定的投产时间。"""


def test_t6_mixed_width_parentheses_are_one_family() -> None:
    for tree in _trees(T6):
        got = _clauses(tree)
        assert got["第二章/第八条"][0] == "本章相关术语和情况说明如下"
        assert [p for p in got if p.startswith("第二章/第八条/")] == [
            "第二章/第八条/（一）", "第二章/第八条/（二）", "第二章/第八条/（七）", "第二章/第八条/（八）"]
        assert got["第二章/第八条/（八）"][1].startswith("(八)在约定")


T7 = """\
二、主要任务
(六) 实施新一代人工智能重大科技项目和重大工程。
为促进我市新一代人工智能的发展，加快提升创新能力。
1. 新一代人工智能重大项目。设立我市新一代人工智能重大科技项目。
(1) 围绕智能芯片、智能语音及翻译、智能图像、智能器件等四大核心产业重点项目。
专栏 14 四大核心产业重点项目
1. 智能芯片产业
依托智能芯片研发优势单位，研究低功耗、高效率的芯片。
2. 智能语音及翻译产业
研究语音识别技术。
3. 智能图像产业
4. 智能器件产业
(2) 围绕智能机器人、智能装备、智能运载工具等六大相关产业重点项目。
专栏 15 六大相关产业重点项目
1. 智能机器人产业
● 以柔性装配等复杂作业为目标，突破复杂工件识别技术。
●攻克机器人柔性碰撞保护技术。
2. 智能装备产业
6. 智能家居产业
2. 人工智能产业集群培育工程。依托我市现有产业园区，培育产业集群。
2018
3. 重大创新成果应用示范工程。按照我市城市建设和产业发展需求，开展示范。"""


def test_t7_boxes_restart_numbering_and_the_outer_list_resumes() -> None:
    for k, tree in enumerate(_trees(T7)):
        got = _clauses(tree)
        box14 = "二/（六）/1/（1）/专栏14"
        assert got[box14][0] == "四大核心产业重点项目"
        assert [p for p in got if p.startswith(box14 + "/")] == [f"{box14}/{n}" for n in (1, 2, 3, 4)]
        assert "二/（六）/1/（2）" in got
        box15 = "二/（六）/1/（2）/专栏15"
        assert f"{box15}/1/•1" in got and f"{box15}/1/•2" in got
        assert got["二/（六）/2"][0] == "人工智能产业集群培育工程"
        # the stray page number stays with the clause it fell into; the normalizer drops it
        assert got["二/（六）/2"][1].endswith("培育产业集群。" if k else "\n2018")
        assert got["二/（六）/3"][0] == "重大创新成果应用示范工程"


T8 = """\
三、全面营造人工智能产业生态
（十）提升本地产业的国内外影响力。
2. 支持标准
（1）企事业单位或社会组织在成都市举办符合规划方向的人工智能峰会展会等活动，按照实际投入的50%给予补助。
(2) 企事业单位或社会组织在成都市举办符合规划方向的人工智能赛事活动，单个项目补助金额最高 100 万元。
3. 申报材料
(1) 人工智能产业项目补助资金申报书；(2) 法人营业执照、组织机构代码证、税务登记证或多证合一证（复印件）和法定代表人身份证（复印件）；
(3) 活动资金使用证明材料；
(4) 活动实施情况材料。
4. 政策咨询
市经信局信息化推进处；咨询电话：61885818。"""


def test_t8_two_items_on_one_line_are_split() -> None:
    for tree in _trees(T8):
        got = _clauses(tree)
        base = "三/（十）/3"
        assert [p for p in got if p.startswith(base + "/")] == [f"{base}/（{n}）" for n in (1, 2, 3, 4)]
        assert got[f"{base}/（1）"][1] == "(1) 人工智能产业项目补助资金申报书；"
        assert got[f"{base}/（2）"][1].startswith("(2) 法人营业执照")
        assert got["三/（十）/4"] == ("政策咨询", "4. 政策咨询\n市经信局信息化推进处；咨询电话：61885818。")
        assert "三/（十）/2/（2）" in got


T9 = """\
### 三、发展方向
——基础支撑层。以智能芯片、智能传感器为主攻方向，夯实基础。
### 四、主要任务
#### （一）加快关键技术创新突破
1. 加强基础前沿研究。加快新一代人工智能前瞻布局，开展研究。（责任单位：市科技局、市工业和信息化局、市教育局，各园区、镇、街道）
## （二）推进产业集群集聚发展
4. 引育市场创新主体。培育企业。
## （四）构建优质创新发展生态
10. 夯实基础设施建设。加快构建全覆盖、高效能的人工智能信息基础设施体系，为人工智能深度广泛应用提供支撑。"""


def test_t9_markdown_depth_is_ignored() -> None:
    for tree in _trees(T9):
        got = _clauses(tree)
        assert got["三"][0] == "发展方向"
        assert got["三/——1"][0] == "基础支撑层"
        assert got["四/（一）/1"][0] == "加强基础前沿研究"
        assert {"四/（一）", "四/（二）", "四/（四）", "四/（二）/4", "四/（四）/10"} <= set(got)


T10 = """\
二、建设目标
（一）总体目标
到2025年，南京国家人工智能创新应用先导区建设走在全国前列。
1．打造产业集聚发展高地。高标准打造5个人工智能产业园区，争创1—2个省级以上人工智能产业集群。
2．打造政策探索策源高地。探索包容审慎。
5．打造产业开放合作高地。推动开放合作。
（二）阶段目标
2022年，印发《南京国家人工智能创新应用先导区建设实施方案》。
2023年，组织实施一批关键核心技术攻关项目。
三、重点任务
（一）体制机制改革行动
1．探索制定人工智能试验性政策。探索开展监管。（责任单位：市工信局、市科技局）
3．建立人工智能“揭榜挂帅”评选体系。建立体系。
（二）创新体系建设行动
4．建设一批创新平台载体。建设平台。"""


def test_t10_fullwidth_dots_and_numbering_running_on() -> None:
    for tree in _trees(T10):
        got = _clauses(tree)
        assert {"二/（一）/1", "二/（一）/2", "二/（一）/5", "三/（一）/1", "三/（一）/3", "三/（二）/4"} <= set(got)
        assert not [p for p in got if p.startswith("二/（二）/")]
        assert got["二/（二）"][1].count("\n") == 2
        assert got["二/（一）/1"][0] == "打造产业集聚发展高地"


T11 = """\
二、主要任务
(一)促进人工智能产业化发展
坚持以市场需求为导向,加快培育引进人工智能创新型企业,推动产业发展。
1.培育引进人工智能创新型企业。培育引进领军型企业。聚焦人工智能发展的重点产业领域和应用领域,引进企业。(责任单位:市工信局、市财政局)
孵化创新创业企业。推动各高新园区高品质建设人工智能新型研发机构,孵化企业。
促进传统企业智能化升级。推动人工智能与传统产业深度融合发展,升级企业。
2.推动人工智能领域新技术新产品新服务的开发。支持新一代智能机器人开发。"""


def test_t11_halfwidth_web_text_and_lead_ins() -> None:
    for tree in _trees(T11):
        got = _clauses(tree)
        assert got["二/（一）"][0] == "促进人工智能产业化发展"
        assert got["二/（一）"][1].endswith("坚持以市场需求为导向,加快培育引进人工智能创新型企业,推动产业发展。")
        assert got["二/（一）/1"][0] == "培育引进人工智能创新型企业"
        assert got["二/（一）/1/¶1"][0] == "孵化创新创业企业"
        assert got["二/（一）/1/¶2"][0] == "促进传统企业智能化升级"
        assert "二/（一）/2" in got


def test_t11_key_is_width_folded() -> None:
    half = segment("(一)促进发展。推进工作,加快进度:完成;")
    full = segment("（一）促进发展。推进工作，加快进度：完成；")
    assert [c.path for c in half] == [c.path for c in full] == [("（一）",)]
    assert half.clauses[0].key == full.clauses[0].key


T12 = """\
三、全面营造人工智能产业生态
(八) 推动产业主体抱团。支持高校院所、行业龙头企业组建联盟。
(九) 强化人才供给能力建设。。对来蓉从事人工智能领域工作的人才给予支持。
（十）提升本地产业的国内外影响力。支持举办活动。
（十一）推进产业集聚布局与协调发展。。鼓励支持产业集聚。
（十二）强化金融支撑。设立基金。
四、附则
（一）本政策适用于在成都依法注册且工商、税务和统计关系均在本市内的从事人工智能产业的企业,以及在成都依法注册并从事人工智能产业相关服务的机构和行业协会。
(二) 本政策自印发之日起 30 日后正式施行,有效期四年。
(三) 市级有关部门根据本政策制定相关实施细则。"""


def test_t12_running_numbering_then_a_restart_in_the_annex_rules() -> None:
    for tree in _trees(T12):
        got = _clauses(tree)
        assert [p for p in got if p.startswith("三/")] == [
            "三/（八）", "三/（九）", "三/（十）", "三/（十一）", "三/（十二）"]
        assert got["三/（九）"][0] == "强化人才供给能力建设"
        assert got["三/（十一）"][0] == "推进产业集聚布局与协调发展"
        assert got["四"][0] == "附则"
        assert {"四/（一）", "四/（二）", "四/（三）"} <= set(got)


def test_t12_a_compilation_starts_the_next_document_at_its_title() -> None:
    toc = "目录\n- 1. 成都市加快人工智能产业发展专项政策..... 160\n- 2. 成都市加快人工智能产业发展专项政策实施细则..... 166\n"
    text = (toc + "成都市加快人工智能产业发展专项政策\n为加快推进全市人工智能产业发展，制定本政策。\n" + T12
            + "\n成都市加快人工智能产业发展专项政策实施细则\n一、加快夯实人工智能产业基础\n（一）支持加快人工智能核心技术研发。")
    tree = segment(text)
    got = _clauses(tree)
    assert got["头"][1] == toc.strip()
    assert got["文件1"][0] == "成都市加快人工智能产业发展专项政策"
    assert got["文件1/四/（三）"][1] == "(三) 市级有关部门根据本政策制定相关实施细则。"
    assert got["文件2"][0] == "成都市加快人工智能产业发展专项政策实施细则"
    assert "文件2/一/（一）" in got


T13_TOC = """\
目录
一、北京国家新一代人工智能创新发展试验区
- 8. 深圳市新一代人工智能发展行动计划（2019—2023 年）58
13. 成都市加快人工智能产业发展专项政策..... 160
一、总体要求
（一）指导思想"""

T13_ANNEX = """\
（三）智力支持。支持龙头企业联合高校。
附件：1. 省新一代人工智能产业重点技术
      2. 省新一代人工智能产业应用示范工程
 附件 1：
省新一代人工智能产业重点技术
多频多波束天线和高频相控阵天线
5G 高频射频材料"""


def test_t13_toc_lines_are_not_clauses() -> None:
    tree = segment(T13_TOC)
    assert [c.path_str for c in tree if c.family not in ("head", "preamble")] == ["一", "一/（一）"]


def test_t13_annex_list_is_no_list_of_items() -> None:
    got = _clauses(segment(T13_ANNEX))
    assert list(got) == ["（三）", "附件", "附件1"]
    assert got["附件"][1].endswith("2. 省新一代人工智能产业应用示范工程")
    assert got["附件1"][0] == "省新一代人工智能产业重点技术"
    assert got["附件1"][1].endswith("5G 高频射频材料")


@pytest.mark.parametrize("case", [T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13_ANNEX])
def test_every_line_lands_in_exactly_one_clause(case: str) -> None:
    tree = segment(case)
    assert "".join(tree.text.split("\n")) == "".join(line for line in case.splitlines() if line.strip())
    assert len({c.path for c in tree}) == len(tree)


def test_empty_text_and_a_known_title() -> None:
    assert segment("").clauses == () and segment(" \n\n").clauses == ()
    tree = segment("某市人工智能实施办法\n为规范管理，制定本办法。\n一、总则\r\n（一）目的。为了规范。", title="某市人工智能实施办法")
    assert tree.title == "某市人工智能实施办法"
    assert [c.path_str for c in tree] == ["头", "序", "一", "一/（一）"]
    assert tree.clauses[0].text == "某市人工智能实施办法"
