"""A policy family for the lineage demo, tests and benchmark: documents that change each other.

One city's documents, shaped like the real ones in the study (docs/lineage.md): a policy and
its revised edition that repeals it in its closing clause, a 征求意见稿 and its final text, a
修改决定 and the republished full text, a repeal decision whose table names one document never
crawled, an interpretation linking its policy by 原文链接, an implementing rule, and a same-issuer,
same-theme plan that must not be taken for a successor. `EXPECTED` is the ground truth:
(subject id, kind, target id — or the 文号 of a document that is never crawled).
"""

from __future__ import annotations

from pathlib import Path

from policywatch.demo.sitegen import Doc

_DATA = Path(__file__).resolve().parent / "family_data"


def _lines(name: str) -> tuple[str, ...]:
    """A text's lines without its title line (the page shows the title above the body)."""
    lines = [line for line in (_DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    return tuple(lines[1:])

ISSUER = "示范市人民政府"

_POLICY_2019 = (
    "为加快推进我市人工智能产业发展，根据《新一代人工智能发展规划》（国发〔2017〕35号），结合我市实际，制定本政策。",
    "第一条 支持人工智能企业落户。对新落户的人工智能企业，按其实际到位投资额的10%给予补助，最高资助1000万元。",
    "第二条 支持关键技术攻关。对承担国家级人工智能重大科技项目的企业，按国家资助额的50%给予配套，最高500万元。",
    "第三条 支持算力基础设施建设。对新建智能算力中心，按设备投资额的20%给予补助。",
    "第四条 支持人才引进。对引进的人工智能领军人才，给予最高100万元安家补贴。",
    "第五条 本政策由市科技局负责解释。",
    "第六条 本政策自2019年6月1日起施行，有效期5年。",
)

_POLICY_2024 = (
    "为加快推进我市人工智能产业高质量发展，结合我市实际，制定本政策。",
    "第一条 支持人工智能企业落户。对新落户的人工智能企业，按其实际到位投资额的10%给予补助，最高资助500万元。",
    "第二条 支持关键技术攻关。对承担国家级人工智能重大科技项目的企业，按国家资助额的30%给予配套，最高300万元。",
    "第三条 支持算力基础设施建设。对新建智能算力中心，按设备投资额的20%给予补助，单个项目最高2000万元。",
    "第四条 支持大模型应用示范。每年遴选10个大模型应用示范场景，每个给予最高200万元奖励。",
    "第五条 支持人才引进。对引进的人工智能领军人才，给予最高100万元安家补贴。",
    "第六条 本政策由市科学技术局负责解释。",
    "第七条 本政策自2024年2月1日起施行，有效期至2028年12月31日。"
    "《示范市促进人工智能产业发展若干政策》（示政发〔2019〕12号）同时废止。",
)

_VOUCHER = (
    "第一条 为降低中小企业创新成本，根据《示范市促进人工智能产业发展若干政策》（示政发〔2019〕12号），制定本办法。",
    "第二条 科技创新券用于购买检验检测、研发设计等科技服务。",
    "第三条 每家企业每年申领额度不超过20万元。",
    "第四条 创新券有效期为一年，逾期作废。",
    "第五条 本办法自2023年9月1日起施行。",
)

FAMILY: tuple[Doc, ...] = (
    Doc("7001", "2019-05-20", "示范市促进人工智能产业发展若干政策", ISSUER, "示政发〔2019〕12号", "2019-05-15",
        "000000000/2019-00012", _POLICY_2019),
    Doc("7002", "2024-01-10", "示范市人民政府关于印发示范市促进人工智能产业发展若干政策（2024年修订）的通知", ISSUER,
        "示政发〔2024〕3号", "2024-01-05", "000000000/2024-00003", _POLICY_2024),
    Doc("7003", "2023-03-01", "关于公开征求《示范市科技创新券管理办法（征求意见稿）》意见的公告", "示范市科学技术局",
        "", "2023-03-01", "000000000/2023-00101",
        ("为降低中小企业创新成本，我局起草了《示范市科技创新券管理办法（征求意见稿）》，现向社会公开征求意见。",
         *_VOUCHER[:2], "第三条 每家企业每年申领额度不超过10万元。", *_VOUCHER[3:])),
    Doc("7004", "2023-08-15", "示范市科技创新券管理办法", "示范市科学技术局", "示科规〔2023〕2号", "2023-08-10",
        "000000000/2023-00102", _VOUCHER),
    Doc("7005", "2024-01-12", "《示范市促进人工智能产业发展若干政策（2024年修订）》政策解读", "示范市科学技术局", "",
        "2024-01-12", "000000000/2024-00104",
        ("一、修订背景", "为适应人工智能产业发展新形势，市政府对2019年出台的若干政策进行了修订。",
         "二、主要变化", "企业落户补助上限由1000万元调整为500万元，新增大模型应用示范支持条款。",
         "原文链接：/zcwj/202401/t20240110_7002.html")),
    Doc("7006", "2024-03-01", "示范市人民政府关于废止和宣布失效部分规范性文件的决定", ISSUER, "示政发〔2024〕9号",
        "2024-02-26", "000000000/2024-00009",
        ("经清理，市政府决定对下列规范性文件予以废止或宣布失效。",
         "序号\t文件名称\t文号\t清理意见",
         "1\t示范市软件产业发展扶持办法\t示政发〔2015〕8号\t废止",
         "2\t示范市数字经济行动计划（2018—2020年）\t示政办发〔2018〕21号\t宣布失效",
         "3\t示范市科技创新券管理办法\t示科规〔2023〕2号\t继续有效",
         "本决定自公布之日起施行。")),
    Doc("7007", "2018-04-10", "示范市数字经济行动计划（2018—2020年）", ISSUER, "示政办发〔2018〕21号", "2018-04-02",
        "000000000/2018-00021",
        ("一、发展目标", "到2020年，全市数字经济规模突破3000亿元。", "二、重点任务", "（一）建设数字基础设施。",
         "（二）培育数字产业集群。")),
    Doc("7008", "2023-05-18", "示范市人工智能产业发展行动计划（2023—2025年）", ISSUER, "示政办发〔2023〕15号", "2023-05-10",
        "000000000/2023-00015",
        ("一、发展目标", "到2025年，全市人工智能核心产业规模达到500亿元，培育100家人工智能企业。",
         "二、重点任务", "（一）建设智能算力中心。", "（二）推动人工智能赋能制造业。",
         "三、保障措施", "落实人工智能产业发展相关扶持政策。")),
    Doc("7009", "2024-04-20", "示范市人民政府关于修改《示范市科技创新券管理办法》的决定", ISSUER, "示政发〔2024〕20号",
        "2024-04-15", "000000000/2024-00020",
        ("市人民政府决定对《示范市科技创新券管理办法》（示科规〔2023〕2号）作如下修改：",
         "一、将第三条中的“20万元”修改为“30万元”。",
         "二、将第四条修改为：“第四条 创新券有效期为两年，逾期作废。”",
         "三、在第四条后增加一条，作为第五条：“第五条 创新券不得转让、买卖。”",
         "此外，对条文顺序作相应调整。",
         "《示范市科技创新券管理办法》根据本决定作相应修改，重新公布。")),
    Doc("7010", "2024-04-25", "示范市科技创新券管理办法（2024年修正）", "示范市科学技术局", "示科规〔2024〕1号",
        "2024-04-20", "000000000/2024-00105",
        (*_VOUCHER[:2], "第三条 每家企业每年申领额度不超过30万元。", "第四条 创新券有效期为两年，逾期作废。",
         "第五条 创新券不得转让、买卖。", "第六条 本办法自2023年9月1日起施行。")),
    Doc("7011", "2024-05-10", "示范市促进人工智能产业发展若干政策实施细则", "示范市科学技术局", "示科发〔2024〕5号",
        "2024-05-06", "000000000/2024-00106",
        ("第一条 根据《示范市促进人工智能产业发展若干政策（2024年修订）》，制定本细则。",
         "第二条 落户补助的申报时间为每年3月。", "第三条 本细则自发布之日起施行。")),
    # a 修改决定 with 13 instructions of every form, and the full text republished after it
    Doc("7013", "2021-03-15", "宁川市科技创新券管理办法", "宁川市科学技术局", "宁科规〔2021〕3号", "2021-03-10",
        "000000000/2021-00013", _lines("ningchuan_voucher_2021.txt")),
    Doc("7014", "2024-06-18", "宁川市人民政府关于修改《宁川市科技创新券管理办法》的决定", "宁川市人民政府", "",
        "2024-06-18", "000000000/2024-00014", _lines("ningchuan_voucher_decision_2024.txt")),
    Doc("7015", "2024-08-01", "宁川市科技创新券管理办法（2024年修正）", "宁川市科学技术局", "宁科规〔2024〕7号",
        "2024-07-25", "000000000/2024-00015", _lines("ningchuan_voucher_2024.txt")),
    # a real seed (the 2019 Nanjing action plan) and its 2024 edition with real edits, whose closing
    # clause repeals it: the replacement is announced with its clause changes and amounts
    Doc("7016", "2019-07-01", "南京市人民政府办公厅关于印发打造人工智能产业地标行动计划的通知", "南京市人民政府办公厅",
        "宁政办发〔2019〕37号", "2019-06-29", "11320100/2019-00037", _lines("nanjing_ai_plan_2019.txt")),
    Doc("7017", "2024-02-20", "南京市人民政府办公厅关于印发打造人工智能产业地标行动计划（2024年修订）的通知",
        "南京市人民政府办公厅", "宁政办发〔2024〕15号", "2024-02-18", "11320100/2024-00015",
        _lines("nanjing_ai_plan_2024.txt")),
)

# what the family's site holds before 2024 (the demo's first crawl)
EARLY = frozenset({"7001", "7003", "7004", "7007", "7008", "7013", "7016"})

# (subject, kind, target): target is a family id, or the 文号 of a document never crawled.
EXPECTED: frozenset[tuple[str, str, str]] = frozenset({
    ("7002", "supersedes", "7001"),
    ("7003", "draft_of", "7004"),
    ("7004", "cites", "7001"),
    ("7005", "interprets", "7002"),
    ("7006", "repeals", "7007"),
    ("7006", "repeals", "示政发〔2015〕8号"),
    ("7009", "amends", "7004"),
    ("7010", "supersedes", "7004"),
    ("7011", "implements", "7002"),
    ("7014", "amends", "7013"),
    ("7015", "supersedes", "7013"),
    ("7017", "supersedes", "7016"),
    ("7001", "cites", "国发〔2017〕35号"),
    ("7003", "cites", "7001"),
    ("7010", "cites", "7001"),
    # the same issuer's plan and policy on one theme: look-alikes, never a succession
    ("7008", "related", "7001"),
    ("7002", "related", "7008"),
})
# the document that is never crawled, and a page that reposts f04 at another URL
NEVER_CRAWLED = Doc("7012", "2015-03-01", "示范市软件产业发展扶持办法", ISSUER, "示政发〔2015〕8号", "2015-02-20",
                    "000000000/2015-00008", ("第一条 支持软件企业发展。", "第二条 本办法自2015年4月1日起施行。"))


def score(found: set[tuple[str, str, str]], expected: frozenset[tuple[str, str, str]] = EXPECTED
          ) -> dict[str, tuple[float, float, int, int]]:
    """Per relation kind: (precision, recall, found, expected) of `found` against the ground truth."""
    kinds = sorted({k for _, k, _ in found} | {k for _, k, _ in expected})
    out = {}
    for kind in kinds:
        got = {r for r in found if r[1] == kind}
        want = {r for r in expected if r[1] == kind}
        hits = len(got & want)
        out[kind] = (hits / len(got) if got else 1.0, hits / len(want) if want else 1.0, len(got), len(want))
    return out
