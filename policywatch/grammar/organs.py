"""What an organ's name ends with: the one vocabulary of issuer names.

`福建省农业厅`, `南京市人民政府办公厅`, `中国人民银行`, `审计署`: read by metadata extraction (an issuer
line above a date, a labelled issuer), by the signature grammar (grammar/signature.py) and by the 文号
grammar (a local organ's 公告 series number, `浙江省市场监督管理局公告2020年第5号`).
"""

from __future__ import annotations

# the longer words first where one ends another (委员会 before 委; 政府 covers 人民政府, 会 管委会)
ORGAN_SUFFIXES = ("政府", "办公厅", "办公室", "委员会", "银行", "局", "厅", "委", "部", "院", "中心", "公司", "署", "会", "处")
# the same as a pattern's alternation
ORGAN_END = f"(?:{'|'.join(ORGAN_SUFFIXES)})"
