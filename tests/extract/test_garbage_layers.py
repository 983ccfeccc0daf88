"""A PDF whose text layer is garbage (a bad OCR's symbol soup, private-use or replacement
characters, UTF-8 read through a Latin code page) is a scan: its pages go to OCR, or are named
as not read, instead of being stored and diffed as text (each new misreading of the same page
would be reported as an edit)."""

from __future__ import annotations

import pytest

from policywatch.extract import extract
from tests.pdfgen import layer_pdf

GOOD = ["关于进一步加强安全生产工作的通知", "第一条 为了加强安全生产工作，防止和减少生产安全事故，制定本办法。",
        "第二条 各单位应当在2024年5月1日前完成自查（见附件1）。"]
ENGLISH = ["Notice on Further Strengthening Work Safety", "Article 1 These measures are formulated to prevent "
           "accidents.", "GDP grew by 5.2% in Q1 (CPI 0.3%), see Annex 2."]
GARBAGE = {
    "private use": ["".join(chr(0xE000 + (row * 7 + n) % 300) for n in range(30)) for row in range(3)],
    "replacement": ["\ufffd\ufffd第\ufffd\ufffd\ufffd条\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd" * 2] * 3,
    "bad OCR soup": ["#1T'1<1W~1~..t~fflZ1t)J~~:!:~1f ~ ;f! ,1 ~I |l^ lJ", "iJ ~ ff lI1 ~~ ,~ Jl{ l'.: ;f! ,1 ~I rn~",
                     "JT~. l~ .~! =~ 1l | ~ ~ % I~ ~ ' ~"],
    "UTF-8 read as cp1252": [line.encode("utf-8").decode("cp1252", "replace") for line in GOOD],
}


def test_a_pdf_whose_only_text_layer_is_garbage_is_a_scan():
    for kind, page in GARBAGE.items():
        doc = extract(layer_pdf([page]), url="http://x.gov.cn/a.pdf", ocr=False)
        assert doc.needs_ocr and doc.text == "", kind
        assert doc.warnings[0].startswith("the text layer is garbage ("), kind
        assert doc.warnings[-1] == "OCR is switched off for this source", kind


def test_a_garbage_page_among_text_pages_is_left_out_for_ocr_in_its_place():
    doc = extract(layer_pdf([GOOD, GARBAGE["bad OCR soup"], ENGLISH]), url="http://x.gov.cn/a.pdf", ocr=False)
    assert doc.text.splitlines() == GOOD + ENGLISH
    assert doc.unread_pages == ((2, 3),)
    assert doc.warnings[0].startswith("page 2: the text layer is garbage (")
    assert doc.warnings[-1] == "page 2 not read: OCR is switched off for this source"


def test_chinese_and_english_text_layers_are_text():
    # the heuristic's other side: ordinary prose, figures, abbreviations and CJK punctuation
    for page in (GOOD, ENGLISH, ["表1 2023年各区PM2.5年均浓度（μg/m³）", "区名 浓度 同比", "东城区 32 -5.9%",
                                 "西城区 31 -6.1%", "朝阳区 34 -2.9%"]):
        doc = extract(layer_pdf([page]), url="http://x.gov.cn/a.pdf", ocr=False)
        assert not doc.needs_ocr and doc.warnings == () and doc.text.splitlines() == page


# pages of real text the garbage check once dropped as scans: letters of other scripts, and
# pages whose characters are mostly figures, signs, formulas, rules or URLs (no vowel in http)
TEXT_PAGES = {
    "korean": ["연변조선족자치주 인민정부 통지", "각 현시 인민정부, 주정부 각 위원회와 판공실:",
               "안전생산사업을 한층 더 강화하기 위하여 다음과 같이 통지한다."],
    "uyghur": ["شىنجاڭ ئۇيغۇر ئاپتونوم رايونلۇق خەلق ھۆكۈمىتىنىڭ ئۇقتۇرۇشى", "ھەرقايسى ۋىلايەت، ئوبلاست، شەھەر خەلق ھۆكۈمەتلىرى"],
    "tibetan": ["བོད་རང་སྐྱོང་ལྗོངས་མི་དམངས་སྲིད་གཞུང་གི་བརྡ་ཐོ།", "ས་ཁུལ་ཁག་དང་གྲོང་ཁྱེར་ཁག་གི་མི་དམངས་སྲིད་གཞུང་།"],
    "mongolian": ["ᠥᠪᠦᠷ ᠮᠣᠩᠭᠣᠯ ᠤᠨ ᠥᠪᠡᠷᠲᠡᠭᠡᠨ ᠵᠠᠰᠠᠬᠤ ᠣᠷᠣᠨ ᠤ ᠠᠷᠠᠳ ᠤᠨ ᠵᠠᠰᠠᠭ ᠤᠨ ᠭᠠᠵᠠᠷ", "ᠮᠡᠳᠡᠭᠳᠡᠯ ᠦᠨ ᠲᠤᠬᠠᠢ"],
    "yi": ["ꆈꌠꁱꂷ ꊿꂷꃅꄿꐨꐥ ꌋꆀꁨꄓ ꐯꒉꂶꌠ ꇐꄮꆏꉪꌠꄉꂶ ꀕꆀꌠ"],
    "russian": ["Уведомление народного правительства провинции Хэйлунцзян",
                "об укреплении торгово-экономического сотрудничества с Россией"],
    "german": ["Fußgängerübergänge Größenmaß Übergrößen Grüße Straße Maßnahmen Gemüse Äußerung"],
    "extension B": ["𠮷𡈼𤭢𨋢𩽾𪚥𫠣𬌗𬍛𬇙" * 3],
    "greek formulas": ["E = Σ (Pᵢ × tᵢ) / η", "ΔT = α·β·γ", "σ² = Σ(xᵢ − μ)² / n", "λ ≤ ∑ ωᵢ ≤ √θ"],
    "contents leaders": ["目 录", "第一章 总则⋯⋯⋯⋯⋯⋯⋯⋯⋯⋯⋯⋯⋯⋯ 1", "第二章 规划⋯⋯⋯⋯⋯⋯⋯⋯⋯⋯⋯⋯⋯⋯ 3"],
    "box table": ["┌────┬────┐", "│ 项目 │ 金额 │", "├────┼────┤", "│ 合计 │ 100 │", "└────┴────┘"],
    "URLs": ["http://www.ndrc.gov.cn/xxgk/zcfb/tz/", "https://www.mct.gov.cn/whzx/bnsj/", "http://zwgk.hlj.gov.cn/zwgk/"],
    "e-mails": ["zcfgs@ndrc.gov.cn", "bgt@mct.gov.cn", "xxgk@szhgz.gov.cn", "jdjb@hljzfw.gov.cn"],
    "units": ["mg/L mg/m³ kg/t kWh MWh", "km² m³/h t/a kV MW", "≤0.5 ≥10 ≈3 ℃ ㎡ ‰"],
    "limits table": ["1 COD ≤50 ≤60", "2 BOD5 ≤10 ≤20", "4 NH3-N ≤5(8) ≤8(15)", "7 pH 6～9 6～9", "8 T ≤25℃ ≤30℃"],
    "figures": ["1234.56 7890.12 345.67", "2023 2024 2025 100%", "¥1,234,567.00", "€ 25.00 $ 30.00"],
    # a Chinese clause is one space-free token: its ASCII letters and ~ ^ \\ { } | took the Han along as soup
    "Chinese ranges": ["排放水体pH值应为6~9，COD浓度不高于50mg/L。", "适用于A~C级公路及K1~K5路段，每年3~5月检查"] * 3,
    "LaTeX": [r"公式：\frac{a}{b} + \sqrt{x^2+y^2} = \sum_{i=1}^{n} x_i", r"\alpha\beta\gamma \mathrm{kg}\cdot\mathrm{m}^{-2}",
              r"\begin{equation} E=mc^{2} \end{equation}", r"\int_{0}^{\infty} e^{-x}\,dx = 1"],
    "LaTeX only": [r"\frac{a}{b} + \sqrt{x^2+y^2}", r"E=mc^{2}", r"e^{-x}\,dx", r"x^2+y^2=z^2", r"e^{i\pi}+1=0"],
    "regular expressions": [r"身份证号校验：^\d{17}[\dXx]$", r"手机：^1[3-9]\d{9}$", r"^[A-Z]{2}\d{6}$", r"^\w+$"],
    "Windows paths": [r"安装路径：C:\Program Files\PolicyWatch\bin\pw.exe", r"日志目录：D:\Data\Logs\2024\system.log",
                      r"配置文件：C:\Users\Administrator\AppData\Roaming\app\config.ini", r"共享：\\server\share\notice.docx"],
    "paths in prose": ["第三条 软件安装路径统一为C:\\Program Files\\Gov\\，数据目录为D:\\Data\\。",
                       "第五条 日志文件保存在C:\\Logs\\下，保存期限不少于六个月。", "第六条 配置文件C:\\Gov\\conf\\app.ini由信息中心统一下发。"],
    "pipe table": ["|序号|项目名称|Unit|Value|", "|1|PM2.5|ug/m3|35|", "|2|SO2|ug/m3|60|", "|3|NOx|mg/m3|0.2|",
                   "|4|CO|mg/m3|4|", "|5|O3|ug/m3|160|"],
    # two Latin-1 letters together in a Western word are no UTF-8 read through a Latin code page
    "German and French words": ["«Été» «Île» «Éloge» «Ève» süß gemäß", "«Été» «Île» «Éloge» «Ève» süß gemäß"],
}


@pytest.mark.parametrize("kind", TEXT_PAGES)
def test_pages_of_other_scripts_figures_signs_and_urls_are_text(kind):
    doc = extract(layer_pdf([TEXT_PAGES[kind]]), url="http://x.gov.cn/a.pdf", ocr=False)
    assert not doc.needs_ocr and doc.warnings == () and doc.text.splitlines() == TEXT_PAGES[kind]
