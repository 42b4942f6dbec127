"""portal.pdf.bounded: a render in a forked child with a time limit. The caller gets the bytes, or PdfFailed
when the child fails, dies or runs past the limit (then it is killed, and nothing of it stays behind)."""

import os
import threading

import pytest

from portal.pdf import PdfFailed, bounded


def test_the_childs_bytes_come_back_whole_also_when_larger_than_a_pipe_holds():
    data = os.urandom(3 * 1024 * 1024)
    assert bounded(lambda: data, timeout=30) == data


def test_a_render_that_never_finishes_is_killed_at_the_limit(tmp_path):
    pid_file = tmp_path / "pid"

    def hangs() -> bytes:
        pid_file.write_text(str(os.getpid()))
        threading.Event().wait()  # forever: only the time limit ends it
        return b""

    with pytest.raises(PdfFailed) as failed:
        bounded(hangs, timeout=0.5)
    assert failed.value.timed_out and "0.5 s" in str(failed.value)
    with pytest.raises(ProcessLookupError):  # killed and reaped: not even a zombie is left
        os.kill(int(pid_file.read_text()), 0)


def test_a_render_that_raises_is_reported_with_its_reason():
    def broken() -> bytes:
        raise ValueError("no such font")

    with pytest.raises(PdfFailed) as failed:
        bounded(broken, timeout=30)
    assert not failed.value.timed_out and "ValueError: no such font" in str(failed.value)


def test_a_render_that_dies_is_reported_not_taken_for_an_empty_pdf():
    with pytest.raises(PdfFailed) as failed:
        bounded(lambda: os._exit(3), timeout=30)
    assert not failed.value.timed_out and "stopped" in str(failed.value)
