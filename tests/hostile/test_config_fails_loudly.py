"""Every selector, pattern, charset and schedule is checked when the config loads: exit 2, nothing done."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from policywatch.cli import cli
from policywatch.config import load_settings
from policywatch.errors import ConfigError
from policywatch.scheduling import make_trigger


def write_config(tmp_path: Path, source_lines: str = "", top_lines: str = "") -> Path:
    path = tmp_path / "policywatch.toml"
    path.write_text(f"""database = "pw.db"
output_dir = "site"
{top_lines}
[[sources]]
name = "demo"
listing_urls = ["http://127.0.0.1:9/zcwj/index.html"]
allow_private = true
{source_lines}
""", encoding="utf-8")
    return path


BAD = [
    ('body_selector = "div[[["', "sources[0] (\"demo\").body_selector", "not a valid CSS selector"),
    ('link_selector = "ul > > a"', "sources[0] (\"demo\").link_selector", "not a valid CSS selector"),
    ('next_selector = "a:nope(1)"', "sources[0] (\"demo\").next_selector", "not a valid CSS selector"),
    ('ignore_selectors = [".share", "p[x="]', "sources[0] (\"demo\").ignore_selectors[1]", "not a valid CSS selector"),
    ('link_pattern = "t2024(["', "sources[0] (\"demo\").link_pattern", "not a valid regular expression"),
    ('ignore_patterns = ["ok", "*bad"]', "sources[0] (\"demo\").ignore_patterns[1]", "not a valid regular expression"),
    ('encoding = "klingon-8"', "sources[0] (\"demo\").encoding", "not a known charset"),
    ('schedule = "every banana"', "sources[0] (\"demo\").schedule", "5 fields"),
    ('schedule = "99 * * * *"', "sources[0] (\"demo\").schedule", "minute 99 is outside 0-59"),
    ('schedule = "0 6 * * frd"', "sources[0] (\"demo\").schedule", "not a cron expression"),
]


@pytest.mark.parametrize(("line", "key", "reason"), BAD, ids=[b[1] + ":" + b[0].split("=")[1].strip() for b in BAD])
def test_a_bad_value_is_refused_at_load_naming_file_and_key(tmp_path: Path, line: str, key: str, reason: str) -> None:
    path = write_config(tmp_path, line)
    with pytest.raises(ConfigError) as refused:
        load_settings(path)
    message = str(refused.value)
    assert str(path) in message and key in message and reason in message, message


def test_a_bad_digest_schedule_is_refused_too(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"digest_schedule: schedule '0 25 \* \* \*': hour 25"):
        load_settings(write_config(tmp_path, top_lines='digest_schedule = "0 25 * * *"'))


def test_good_values_load_and_the_daemon_accepts_the_same_schedules(tmp_path: Path) -> None:
    settings = load_settings(write_config(tmp_path, 'body_selector = "div.TRS_Editor, #zoom"\n'
                                                    'ignore_patterns = ["浏览次数：\\\\d+"]\nencoding = "x-gbk"\n'
                                                    'schedule = "30 6 * * mon-fri"'))
    assert settings.sources[0].encoding == "x-gbk"
    for schedule in ("every 6h", "*/15 8-18 * * 1-5", "0 6 1,15 * *", "30 6 * * mon-fri"):
        make_trigger(schedule)
    for schedule in ("every banana", "99 * * * *", "0 6 * * frd", "every 0h", "*/0 * * * *", "5-1 * * * *"):
        with pytest.raises(ConfigError):
            make_trigger(schedule)


def test_run_exits_2_before_touching_the_store(tmp_path: Path) -> None:
    path = write_config(tmp_path, 'body_selector = "div[[["')
    done = subprocess.run([sys.executable, "-m", "policywatch", "run", "--config", str(path), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "sources[0] (\"demo\").body_selector" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "pw.db").exists(), "no store was created"


def test_an_unexpected_error_while_processing_fails_the_source(tmp_path: Path, demo_site, monkeypatch) -> None:
    """Not a bad document but a bug (here: normalization raising): exit 1, failed_sources, status unhealthy."""
    from policywatch import normalize
    from tests.conftest import demo_config

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(normalize, "normalize_document", broken)
    path = demo_config(tmp_path, demo_site.base_url)
    result = CliRunner().invoke(cli, ["run", "--config", str(path), "--json"])
    report = json.loads(result.stdout[result.stdout.index("{"):])
    assert result.exit_code == 1, result.output
    assert report["failed_sources"] == ["demo"]
    assert any("simulated bug" in e for e in report["errors"])
    status = CliRunner().invoke(cli, ["status", "--config", str(path)])
    assert status.exit_code != 0, status.output


def test_a_device_as_config_is_refused_at_once_and_run_json_still_answers(tmp_path: Path) -> None:
    """`--config /dev/zero` read without end: memory filled and `run --json` printed nothing."""
    done = subprocess.run([sys.executable, "-m", "policywatch", "run", "--config", "/dev/zero", "--json"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "/dev/zero: cannot read config file: not a regular file" in done.stderr
    assert "/dev/zero" in json.loads(done.stdout)["error"]


def test_a_pipe_as_config_is_read_and_one_nobody_writes_to_does_not_hang(tmp_path: Path, monkeypatch) -> None:
    """`--config <(envsubst < tmpl.toml)` is a pipe and must still work; a FIFO nobody writes to
    blocked the open forever."""
    import os
    import threading
    import time

    from policywatch import config

    text = write_config(tmp_path).read_text(encoding="utf-8")
    fifo = tmp_path / "fed.toml"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(text, encoding="utf-8"), daemon=True)
    writer.start()
    time.sleep(0.2)  # the writer is waiting in its open, as a shell's <(…) is before we read
    assert load_settings(fifo).sources[0].name == "demo"
    writer.join(5)
    monkeypatch.setattr(config, "CONFIG_PIPE_SECONDS", 0.5)
    errors: list[Exception] = []

    def load() -> None:
        try:
            load_settings(fifo)  # no writer this time
        except ConfigError as exc:
            errors.append(exc)

    reader = threading.Thread(target=load, daemon=True)  # daemon: a hung open must not hang pytest
    reader.start()
    reader.join(5)
    assert not reader.is_alive(), "reading a FIFO nobody writes to hung"
    assert "fed.toml: cannot read config file: the pipe was not closed within 0.5 s" in str(errors[0])


# Values TOML accepts that no run can use: each failed mid-run before (a traceback that failed the
# source, a child that could not start, a hang) or misnamed what was wrong; now refused at load.
OUT_OF_RANGE = [
    ("[fetch]\nmin_delay = 1e300", "fetch.min_delay", "up to 31,536,000 (a year)"),  # time.sleep overflowed
    ("[fetch]\nhost_cooldown = 1e20", "fetch.host_cooldown", "up to 31,536,000 (a year)"),
    ("health_alert_after = 1e300", "health_alert_after", "up to 31,536,000 (a year)"),
    ("[fetch]\nread_timeout = 0.0", "fetch.read_timeout", "a positive number of seconds"),  # "malformed URL"
    ("[fetch]\ntotal_timeout = 0", "fetch.total_timeout", "a positive number of seconds"),  # "used up source_timeout"
    ("[extract]\ntimeout = 0.0", "extract.timeout", "a positive number of seconds"),
    ("[fetch]\nworkers = 100000000", "fetch.workers", "from 0 to 1024"),  # hung filling a connection pool
    ("[extract]\nmemory_mb = 9223372036854775807", "extract.memory_mb", "from 0 to 1048576"),  # setrlimit overflow
    ("[extract]\ncpu_seconds = 9223372036854775807", "extract.cpu_seconds", "from 0 to 31536000"),
    ("[extract]\nmax_pdf_stream_bytes = 9223372036854775807", "extract.max_pdf_stream_bytes",
     "from 0 to 1,099,511,627,776"),  # zlib's max_length overflowed: every PDF "not readable"
]


@pytest.mark.parametrize(("lines", "key", "reason"), OUT_OF_RANGE, ids=[o[1] for o in OUT_OF_RANGE])
def test_a_number_no_run_can_use_is_refused_at_load(tmp_path: Path, lines: str, key: str, reason: str) -> None:
    path = write_config(tmp_path, top_lines=lines)
    with pytest.raises(ConfigError) as refused:
        load_settings(path)
    assert f"{key}: expected" in str(refused.value) and reason in str(refused.value), str(refused.value)


def test_the_largest_accepted_numbers_load(tmp_path: Path) -> None:
    path = write_config(tmp_path, top_lines="health_alert_after = 31536000\n[fetch]\nmin_delay = 31536000.0\n"
                                            "workers = 1024\n[extract]\nmemory_mb = 1048576\n"
                                            "max_text_bytes = 1099511627776")
    settings = load_settings(path)
    assert (settings.fetch.min_delay, settings.fetch.workers, settings.extract.memory_mb) == (31536000.0, 1024, 1048576)


def test_run_json_answers_a_huge_delay_with_exit_2_and_no_store(tmp_path: Path) -> None:
    """`min_delay = 1e300` crawled until its first wait, then failed the source with an
    OverflowError traceback on stderr."""
    path = write_config(tmp_path, top_lines="[fetch]\nmin_delay = 1e300")
    done = subprocess.run([sys.executable, "-m", "policywatch", "run", "--config", str(path), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "fetch.min_delay" in json.loads(done.stdout)["error"] and "Traceback" not in done.stderr
    assert not (tmp_path / "pw.db").exists()


def test_a_config_saved_with_a_byte_order_mark_and_crlf_is_read(tmp_path: Path) -> None:
    """Windows Notepad's UTF-8 starts with a BOM: tomllib said "Invalid statement (at line 1,
    column 1)" of a file that looks right in every editor."""
    path = write_config(tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    assert load_settings(path).sources[0].name == "demo"


@pytest.mark.parametrize(("line", "said"), [
    # tomllib recurses per level: a RecursionError traceback, and `run --json` printed no JSON
    ('database = "pw.db"\nx = ' + "[" * 100_000 + "]" * 100_000, "nested thousands deep"),
    ('database = "pw\\u0000.db"', "database: expected a path without a NUL character"),  # os.open's ValueError
    ('database = "pw.db"\noutput_dir = "si\\u0000te"', "output_dir: expected a path without a NUL character"),
])
def test_a_config_no_reader_can_use_is_exit_2_with_json(tmp_path: Path, line: str, said: str) -> None:
    path = write_config(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace('database = "pw.db"\noutput_dir = "site"', line),
                    encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "policywatch", "run", "--config", str(path), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr[-2000:]
    assert said in json.loads(done.stdout)["error"] and "Traceback" not in done.stderr


@pytest.mark.parametrize(("line", "said"), [
    # every fetch of every source failed: "refused: malformed URL …: 'latin-1' codec can't encode"
    ('[fetch]\nuser_agent = "政策监测机器人 (a@example.org)"', "fetch.user_agent: expected printable ASCII text"),
    ('[fetch]\nuser_agent = "pw/1\\r\\nX-Injected: 1"', "fetch.user_agent: expected printable ASCII text"),
    ('[smtp]\nsender = "pw@example.org\\r\\nBcc: someone@example.org"', "smtp.sender: 'pw@example.org\\r\\nBcc"),
    ('[smtp]\nsender = "pw@example.org, other@example.org"', "is not one email address"),
])
def test_a_header_value_no_request_or_mail_can_carry_is_refused_at_load(tmp_path: Path, line: str, said: str) -> None:
    with pytest.raises(ConfigError) as refused:
        load_settings(write_config(tmp_path, top_lines=line))
    assert said in str(refused.value), str(refused.value)


def test_a_sender_with_a_name_and_an_international_address_still_loads(tmp_path: Path) -> None:
    settings = load_settings(write_config(tmp_path, top_lines='[smtp]\nsender = "政策监测 <pw@例子.中国>"'))
    assert settings.smtp.sender == "政策监测 <pw@例子.中国>"
