"""Letters per second for a print batch of 200 letters, as a ratio to rendering one plain HTML page with
WeasyPrint in the same run (machines here are shared: compare the ratio, not the absolute numbers).

The batch is the real one: 200 paper requests for 20 citizens (a quarter of them in English), claimed,
each letter rendered as a tagged PDF/UA-1 (`render_print_letter`), then combined into one PDF plus manifest.
The baseline is a plain one-page HTML document rendered with WeasyPrint's defaults (untagged PDF).

Usage: .venv/bin/python bench/letters.py [--letters 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PLAIN = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Pagina</title>
<style>@page { size: A4; margin: 20mm } html { font-family: "DejaVu Sans", sans-serif; font-size: 11pt }</style>
</head><body><h1>Een gewone pagina</h1>PARAGRAPHS</body></html>""".replace(
    "PARAGRAPHS", "".join(f"<p>Alinea {n}: een paar gewone zinnen tekst zonder opmaak.</p>" for n in range(12)))


def plain_page_seconds(rounds: int = 15) -> float:
    """Median seconds to render the plain page (after a warm-up render)."""
    from weasyprint import HTML

    HTML(string=PLAIN).write_pdf()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        HTML(string=PLAIN).write_pdf()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def make_requests(count: int) -> None:
    from portal.clock import utcnow
    from portal.paper import services
    from tests import factories

    per_citizen = 10
    for n in range((count + per_citizen - 1) // per_citizen):
        citizen = factories.give_postal_address(
            factories.create_citizen(name=f"Burger {n:03d}", language="en" if n % 4 == 0 else "nl"),
            name=f"Burger {n:03d}", postcode=f"{1000 + (397 * n) % 8999} AB")
        organisation = factories.create_organisation()
        for _ in range(min(per_citizen, count - n * per_citizen)):
            message = factories.create_message(recipient=citizen, organisation=organisation,
                                               body="Wij hebben uw aangifte verwerkt. " * 30)
            services.request_paper_copy(message, requested_by="citizen", actor=None, now=utcnow())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=200)
    count = parser.parse_args().letters
    instance = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    os.environ.update(PORTAL_INSTANCE=str(instance), DATABASE_URL=f"sqlite:///{instance / 'bench.db'}")
    from portal import create_app, db
    from portal.clock import utcnow
    from portal.paper.letters import render_print_letter
    from portal.printing import services as printing

    app = create_app()
    db.migrate()
    with app.app_context():
        make_requests(count)
        plain = plain_page_seconds()
        render_times: list[float] = []

        def timed_render(request):
            start = time.perf_counter()
            data = render_print_letter(request)
            render_times.append(time.perf_counter() - start)
            return data

        start = time.perf_counter()
        files = printing.produce(instance / "print", now=utcnow(), render=timed_render)
        total = time.perf_counter() - start
    rendering = sum(render_times)
    per_letter = total / files.batch.letter_count
    print(f"batch: {files.batch.letter_count} letters, {files.batch.page_count} pages, "
          f"{files.pdf.stat().st_size / 1e6:.1f} MB PDF")
    print(f"whole batch (claim, render, combine, manifest): {total:.1f} s")
    print(f"  rendering letters: {rendering:.1f} s (median {statistics.median(render_times) * 1000:.0f} ms a letter, "
          f"first {render_times[0] * 1000:.0f} ms)")
    print(f"  claim + combine + manifest: {total - rendering:.1f} s")
    print(f"letters per second (whole batch): {1 / per_letter:.1f}")
    print(f"plain HTML page with WeasyPrint: {plain * 1000:.0f} ms ({1 / plain:.1f} pages per second)")
    print(f"ratio: one letter in the batch costs {per_letter / plain:.2f} plain pages "
          f"(letters per second = {plain / per_letter:.2f} x plain pages per second)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
