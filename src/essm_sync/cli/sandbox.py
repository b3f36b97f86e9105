"""`essm-sync sandbox`: serve the fake TermTime and Booker on loopback until interrupted."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from essm_sync.cli.logs import echo
from essm_sync.cli.options import handled
from essm_sync.errors import ConfigError


@handled
def sandbox(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    termtime_port: Annotated[int, typer.Option(help="Port of the fake TermTime.")] = 8701,
    booker_port: Annotated[int, typer.Option(help="Port of the fake Booker.")] = 8702,
    seed: Annotated[int, typer.Option(help="Seed of the generated university.")] = 7,
    rooms: Annotated[int, typer.Option(min=3, help="Number of Booker rooms.")] = 60,
    events: Annotated[int | None, typer.Option(help="About this many events.")] = None,
    tidy: Annotated[
        bool, typer.Option("--tidy", help="Serve tidy data, without the mess of real exports.")
    ] = False,
    write_config: Annotated[
        Path | None, typer.Option(help="Write a settings file for these servers.")
    ] = None,
    latency_ms: Annotated[float, typer.Option(min=0, help="Delay of every answer.")] = 0.0,
    error_rate: Annotated[float, typer.Option(min=0, max=1, help="Share of 503s.")] = 0.0,
    rate_limit_rate: Annotated[float, typer.Option(min=0, max=1, help="Share of 429s.")] = 0.0,
    drop_rate: Annotated[
        float, typer.Option(min=0, max=1, help="Share of writes whose answer is cut off.")
    ] = 0.0,
    serve_port: Annotated[
        int, typer.Option(help="Port `essm-sync serve` listens on, for the settings file.")
    ] = 8080,
    webhook_drop_rate: Annotated[
        float, typer.Option(min=0, max=1, help="Share of webhook calls never made.")
    ] = 0.0,
    webhook_double_rate: Annotated[
        float, typer.Option(min=0, max=1, help="Share of webhook calls made twice.")
    ] = 0.0,
    empty_page_rate: Annotated[
        float, typer.Option(min=0, max=1, help="Share of listing pages answered empty.")
    ] = 0.0,
    repeat_page_rate: Annotated[
        float, typer.Option(min=0, max=1, help="Share of later pages answered as the one before.")
    ] = 0.0,
    ignore_page_rate: Annotated[
        float, typer.Option(min=0, max=1, help="Share of later pages answered as page 1.")
    ] = 0.0,
    unanswered_create_rate: Annotated[
        float, typer.Option(min=0, max=1, help="Share of creates answered without the record.")
    ] = 0.0,
    token_death_in_flight: Annotated[
        int, typer.Option(min=0, help="Kill Booker's token once this many writes are in flight.")
    ] = 0,
    odd_records: Annotated[
        bool,
        typer.Option(
            "--odd-records",
            help="Serve one of each odd record: a booking with a null start, rooms with a null "
            "Floor or Capacity, a floor without its building, a cancelled booking, look-alike "
            "codes.",
        ),
    ] = False,
    unreadable_references: Annotated[
        bool,
        typer.Option(
            "--unreadable-references",
            help="Serve one unreadable record in each list stages decide by: a Booker site "
            "and department, a TermTime campus, department and activity type.",
        ),
    ] = False,
) -> None:
    """Serve a seeded fake TermTime and Booker on loopback until interrupted."""
    import anyio

    from essm_sync.cli.common import sandbox_module, sandbox_year_start

    fakes = sandbox_module("essm_sync.sandbox")
    # Refuse a port something else holds, in one line, before any server starts; bound as
    # the servers bind it, so that the last run's lingering connections do not count.
    for port in (termtime_port, booker_port):
        try:
            fakes.listening_socket(host, port).close()
        except OSError as exc:
            raise ConfigError(f"cannot serve on {host}:{port}: {exc.strerror}") from None
    generate, render_config, serve, Faults = (  # noqa: N806 - names as in the package
        fakes.generate,
        fakes.render_config,
        fakes.serve,
        fakes.Faults,
    )
    # The academic year containing today, as a sync against these servers assumes.
    university = generate(
        seed=seed, rooms=rooms, events=events, messy=not tidy, year_start=sandbox_year_start()
    )
    if odd_records:
        for fault, where in fakes.add_odd_records(university).items():
            echo(f"Odd record ({fault}): {where}")
    if unreadable_references:
        for what, which in fakes.add_unreadable_references(university).items():
            echo(f"Unreadable record ({what}): {which}")
    university.termtime.webhooks = fakes.Webhooks(
        drop_rate=webhook_drop_rate, double_rate=webhook_double_rate, seed=seed
    )
    faults = Faults(
        latency_s=latency_ms / 1000, error_rate=error_rate, rate_limit_rate=rate_limit_rate,
        retry_after_s=1.0, drop_rate=drop_rate, seed=seed, empty_page_rate=empty_page_rate,
        repeat_page_rate=repeat_page_rate, ignore_page_rate=ignore_page_rate,
        unanswered_create_rate=unanswered_create_rate,
        token_death_in_flight=token_death_in_flight, token_deaths_max=1_000_000,
    )  # fmt: skip
    echo(
        f"TermTime: http://{host}:{termtime_port}/v1/api   Booker: http://{host}:{booker_port}/api"
    )
    if write_config is not None:
        config = render_config(
            university,
            termtime_url=f"http://{host}:{termtime_port}/v1/api",
            booker_url=f"http://{host}:{booker_port}/api",
            serve_url=f"http://{host}:{serve_port}",
        )
        try:
            write_config.write_text(config, encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot write {write_config}: {exc.strerror}") from None
        echo(f"Settings written to {write_config}; try: essm-sync --config {write_config} check")
        echo(
            f"serve (its [serve] port is {serve_port}, where TermTime's webhooks call): "
            f"essm-sync --config {write_config} serve"
        )
    item = next(
        (e.unique_id for _, e in sorted(university.termtime.events.items())
         if e.readable and e.kind == "activities" and e.rooms),
        "UNIQUEID",
    )  # fmt: skip
    echo(
        "Move an item (its webhooks are called):\n"
        f"  curl -X POST -H 'Authorization: "
        f"k{university.api_key}' 'http://{host}:{termtime_port}/sandbox/items/{item}/move"
        "?start=07:00&end=08:00'"
    )
    echo("Press Ctrl-C to stop.")
    try:
        anyio.run(
            lambda: serve(
                university, host=host, termtime_port=termtime_port, booker_port=booker_port,
                faults=faults,
            )
        )  # fmt: skip
    except KeyboardInterrupt:
        echo("Sandbox stopped.")
