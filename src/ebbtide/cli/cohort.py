"""`ebbtide cohort export|run|summary`: a study's phases, many subjects at once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from ebbtide.cli import messages as msg
from ebbtide.cli import output
from ebbtide.cli.app import Options, app

cohort_app = typer.Typer(
    help="Cohort analytics: every subject's daily phases at once, on this machine or on a "
    "Dask cluster, with small groups suppressed in summaries.",
    no_args_is_help=True,
)
app.add_typer(cohort_app, name="cohort")

Progress = Callable[[int, int], None]


@contextmanager
def _bar(label: str) -> Iterator[Progress]:
    """A progress bar on stderr when it is a terminal (stdout stays clean for scripts)."""
    from rich.progress import Progress as Bar

    if not output.err_console().is_terminal:
        yield lambda done, total: None
        return
    with Bar(console=output.err_console(), transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


@cohort_app.command("export")
def export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("-o", "--out", help="The dataset folder to write.")],
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database file or URL to read (default: the global --db)."),
    ] = None,
    bucket_size: Annotated[
        int | None,
        typer.Option(
            "--bucket-size",
            help="Subjects per bucket to aim for (default: the folder's own, or 200).",
        ),
    ] = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Read every subject again, even those whose store revision has not moved "
            "(after the database was changed by other means than ebbtide).",
        ),
    ] = False,
) -> None:
    """Every subject's records into a Parquet dataset, bucketed by subject; only buckets
    whose subjects changed since the last export are read and rewritten."""
    from ebbtide.service import export_cohort

    opts: Options = ctx.find_root().obj
    with _bar("Exporting buckets") as tick:
        done = export_cohort(db or opts.db, out, bucket_size=bucket_size, full=full, progress=tick)
    output.say(
        msg.COHORT_EXPORTED.format(
            subjects=done.subjects,
            rows=f"{done.rows:,}",
            path=out,
            rewritten=done.rewritten,
            buckets=done.buckets,
            changed=done.changed,
            removed=done.removed,
            skipped=done.skipped,
        )
    )


@cohort_app.command("run")
def run(
    dataset: Annotated[Path, typer.Argument(help="A folder written by `ebbtide cohort export`.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="The folder for phases and sums.")],
    executor: Annotated[
        str, typer.Option("--executor", help="serial, processes or dask.")
    ] = "serial",
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="A Dask scheduler's address (default: a local cluster)."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", help="Worker processes (default: one per core).")
    ] = None,
    memory: Annotated[
        str | None,
        typer.Option("--memory-per-worker", help="Memory limit of each local Dask worker (4GB)."),
    ] = None,
) -> None:
    """Every subject's daily phases, one task per bucket, with the same code as one person's."""
    from ebbtide.service import run_cohort

    with _bar(f"Computing buckets ({executor})") as tick:
        done = run_cohort(
            dataset,
            out,
            executor=executor,
            scheduler=scheduler,
            workers=workers,
            memory=memory,
            progress=tick,
            announce=lambda address: output.err_console().print(
                msg.COHORT_DASHBOARD.format(address=address)
            ),
        )
    output.say(
        msg.COHORT_RAN.format(
            person_days=f"{done.person_days:,}",
            subjects=f"{done.subjects:,}",
            buckets=done.buckets,
            reused=done.reused,
            path=out,
        )
    )


@cohort_app.command("summary")
def summary(
    out: Annotated[Path, typer.Argument(help="A folder written by `ebbtide cohort run`.")],
    by: Annotated[str, typer.Option("--by", help="week or month.")] = "week",
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    chart: Annotated[
        Path | None, typer.Option("-o", "--out", help="Also write a chart (HTML) here.")
    ] = None,
) -> None:
    """Phase shares over time, transitions and time to first drift; cells describing fewer
    than 11 people are suppressed."""
    from ebbtide.service import cohort_summary, write_summary_chart

    data = cohort_summary(out, by)
    if chart is not None:
        write_summary_chart(data, chart)
    if as_json:
        output.emit_json(data)
        return
    _print_summary(data)
    if chart is not None:
        output.say(msg.COHORT_CHART.format(path=chart))


def _share(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _n(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def _print_summary(data: dict[str, Any]) -> None:
    from rich.table import Table

    phases: list[str] = data["phases"]
    table = Table(title=None, box=None, pad_edge=False)
    table.add_column("Week of" if data["by"] == "week" else "Month")
    table.add_column("People", justify="right")
    for p in phases:
        table.add_column(p, justify="right")
    for row in data["periods"]:
        table.add_row(
            output.cell(row["period"]),
            output.cell(_n(row["people"])),
            *(output.cell(_share(row["shares"][p])) for p in phases),
        )
    output.console().print(table)
    moves = [t for t in data["transitions"] if t["people"] is not None]
    if moves:
        t2 = Table(box=None, pad_edge=False)
        for name in ("From", "To", "People", "Changes"):
            t2.add_column(name, justify="right" if name in ("People", "Changes") else "left")
        for t in moves:
            t2.add_row(t["from"], t["to"], _n(t["people"]), _n(t["changes"]))
        output.console().print(t2)
    else:
        output.say(msg.COHORT_NO_TRANSITIONS)
    fd = data["first_drift"]
    output.say(
        msg.COHORT_FIRST_DRIFT.format(
            drifted=_n(fd["people_drifted"]),
            median="–" if fd["median_days"] is None else fd["median_days"],
            never=_n(fd["never_drifted"]),
        )
    )
    output.say(msg.COHORT_SUPPRESSED.format(n=data["suppressed_below"]))
