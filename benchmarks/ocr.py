"""OCR accuracy and speed per engine on pages rendered from seed text (tests/scangen.py).

For each installed engine (RapidOCR, Tesseract) and each scan condition — clean renders at
300, 200 and 150 dpi, and "noisy" ones (0.8° skew, grain, blur) at 300 and 150 dpi — prints the
character error rate (Levenshtein distance / length, on NFKC text without whitespace, and on the
comparison key that decides "changed or not") and pages per CPU second (this process and its
children: Tesseract runs as a program). Exits non-zero when the chosen engine (the one
`policywatch.extract.ocr.engine()` picks) is above TARGET_CER on clean 300-dpi pages.
Run: PYTHONPATH=. python benchmarks/ocr.py [--quick]   (--quick: one page per condition)
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path

from policywatch.extract import ocr
from policywatch.normalize import comparison_key, normalize_text

sys.path.insert(0, str(Path(__file__).parent.parent))  # tests.scangen renders the pages

TARGET_CER = 0.02
SEEDS = Path(__file__).parent.parent / "tests" / "data" / "seeds"
PAGE_SOURCES = ("003_388d20438c39147f.txt", "000_9f0041d443b88405.txt")
CONDITIONS = (("clean", 300), ("clean", 200), ("clean", 150), ("noisy", 300), ("noisy", 150))


def key(text: str) -> str:
    return "".join(comparison_key(normalize_text(text).display).split())


def cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def pages(count: int) -> list[tuple[str, bytes]]:
    """(printed text, PDF) of one page per seed."""
    from tests.scangen import text_pdf, wrap

    out = []
    for name in PAGE_SOURCES[:count]:
        display = normalize_text((SEEDS / name).read_text(encoding="utf-8")).display
        paragraphs = [line.strip() for line in display.splitlines() if line.strip() and "\t" not in line]
        lines = wrap(paragraphs)[:24]
        out.append(("\n".join(lines), text_pdf(lines)))
    return out


def main() -> int:
    from tests.scangen import fold, font_available, levenshtein, rasterise, scanner_damage

    if not font_available():
        print("no CJK font (apt-get install fonts-wqy-microhei): cannot render test pages")
        return 1
    quick = "--quick" in sys.argv
    chosen = ocr.engine()
    engines = [name for name in ocr.ENGINES if ocr._has(name)]
    if not engines:
        print("no OCR engine installed (pip install policywatch[ocr], or apt-get install tesseract-ocr tesseract-ocr-chi-sim)")
        return 1
    sample = pages(1 if quick else 2)
    print(f"{len(sample)} page(s) of seed text per condition; chosen engine: {chosen}")
    print(f"{'engine':10} {'scan':6} {'dpi':>4} {'CER':>7} {'CER(key)':>9} {'pages/s':>8}")
    clean_300 = {}
    for name in engines:
        for condition, dpi in CONDITIONS:
            errors = errors_key = length = length_key = 0
            start = cpu()
            for truth, pdf in sample:
                image = rasterise(pdf, dpi)[0]
                if condition == "noisy":
                    image = scanner_damage(image)
                text = ocr.page_text([ocr.recognise(image, name)])
                errors += levenshtein(fold(truth), fold(text))
                length += len(fold(truth))
                errors_key += levenshtein(key(truth), key(text))
                length_key += len(key(truth))
            seconds = cpu() - start
            cer, cer_key = errors / length, errors_key / length_key
            if (condition, dpi) == ("clean", 300):
                clean_300[name] = cer
            print(f"{name:10} {condition:6} {dpi:4} {cer:7.2%} {cer_key:9.2%} {len(sample) / seconds:8.3f}", flush=True)
    verdict = clean_300.get(chosen, 1.0)
    print(f"chosen engine {chosen}: CER {verdict:.2%} on clean 300-dpi pages (target <= {TARGET_CER:.0%})")
    return 0 if verdict <= TARGET_CER else 1


if __name__ == "__main__":
    sys.exit(main())
