"""The classroom: students, each in a Chromium context of their own, open a shared link to the Train page of
a real `streamlit run` server and press "Train both" together. Measures each student's time from the press
to the finished run, the longest wait in line, the server's CPU and peak memory (its process tree, from
/proc) and a new visitor's first page during the rush. Used by tests/browser/test_classroom.py and the bench."""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.context import ROOT, Bench, say
from bench.harness import browser_parts, job_log, launch, serve
from bench.report import Row
from bench.students import EPOCHS, Student, curve_points, file_menus, new_visitor, open_tab, press, wait_all
from har.jobs import LOG_ENV


@dataclass(frozen=True)
class Setup:
    """What every student of a class trains: the link's settings, its epochs, and the share of the demo served."""

    link: str  # the Train page's link, without a seed
    epochs: int
    scale: float  # HAR_DEMO_SCALE


# Small models, so that a class of thirty distinct trainings fits in minutes: a GRU of 16 units, one conv layer
# of 24 filters, 3 epochs, a quarter of the demo's clips (a training of about 0.5 s on one slot).
SMALL = Setup(f"/train?rh=16&cw=24&ep={EPOCHS}", EPOCHS, 0.25)
# The lecture's own race: the default pair at the notebook's 10 epochs on the whole demo, the setup whose
# thirty copies queued for minutes before one setup trained once (about 27 core-seconds a training).
LECTURE = Setup("/train?ep=10", 10, 1.0)
SLOTS = 2  # HAR_MAX_TRAININGS: one training per core of the 2-core machine the course serves from
SOLO_RUNS = 3  # rounds of the lecturer's trainings, one per slot, before the class arrives (see slot_times)
VISITOR_DELAY_S = 3.0  # after the presses, a new visitor opens the app
BROWSER_NICE = 19  # the students' browsers: the lowest priority (see run_class)
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"  # Debian's chromium-headless-shell


@dataclass
class ClassResult:
    students: int
    slots: int
    solo_s: list[float]  # the lecturer's trainings' own times on a slot (see slot_times)
    alone_s: float | None  # one student alone on the server: their press to their page's "Finished" (see alone)
    visitor_s: float | None  # a new visitor's first page (its title) during the rush
    visitor_during_rush: bool  # students were still training when the visitor's page was drawn
    rush_s: float  # first press to last finish seen (or to the deadline)
    trainings: list[dict]  # the server's job log for the class's trainings (har.jobs.log_job), times from the press
    cpu_s: float  # CPU seconds of the server's process tree over the rush
    server_cpu_s: float  # of the server process alone: pages, polls and events, not the training workers
    peak_mb: float  # peak resident memory of the server's process tree over the rush
    startup_peak_mb: float  # the same before the class arrived (server, data, the lecturer's runs)
    everyone: list[Student]
    shared: bool = False  # every student on the same link and seed: one setup, which the server trains once
    setup: Setup = SMALL
    command: str = ""

    @property
    def solo_median_s(self) -> float:
        return statistics.median(self.solo_s)

    @property
    def ideal_s(self) -> float:
        """The ideal queue time: every student's training at the solo time, `slots` at a time; on one shared
        link, the one training the server runs for them all."""
        return self.solo_median_s if self.shared else self.students * self.solo_median_s / self.slots

    @property
    def finish_s(self) -> list[float | None]:
        return [s.finish_s for s in self.everyone]

    @property
    def last_s(self) -> float | None:
        """From the first press to the last finish seen (None if someone never finished)."""
        ends = [s.finished for s in self.everyone]
        return None if None in ends else max(ends) - min(s.pressed for s in self.everyone)

    @property
    def server_last_s(self) -> float | None:
        """From the first press to the end of the last training on the server (None if some never ended)."""
        if len(self.trainings) < self.students:
            return None
        return max(job["ended"] for job in self.trainings)

    @property
    def served_ideal_s(self) -> float | None:
        """When an ideal server would have ended the last training, fed the presses when this one heard them:
        first come first served on `slots` slots, each training taking the solo time. Here the thirty browsers
        share the server's cores, so their presses reach it over several seconds, not at once as from thirty
        laptops; this is the ideal queue time for the presses as they came (None if some never came)."""
        if len(self.trainings) < self.students:
            return None
        free = [0.0] * self.slots  # when each slot frees up
        for arrival in sorted(job["queued"] for job in self.trainings):
            slot = min(range(self.slots), key=free.__getitem__)
            free[slot] = max(free[slot], arrival) + self.solo_median_s
        return max(free)

    @property
    def server_wait_s(self) -> float | None:
        """The longest time a training waited in line on the server, from its press to getting a slot."""
        waits = [job["started"] - job["queued"] for job in self.trainings if job["started"] is not None]
        return max(waits) if waits else None

    @property
    def cores_used(self) -> float:
        return self.cpu_s / self.rush_s if self.rush_s else 0.0

    @property
    def server_cores(self) -> float:
        """Cores the server process itself kept busy over the rush (its training workers not counted)."""
        return self.server_cpu_s / self.rush_s if self.rush_s else 0.0

    @property
    def slowest_s(self) -> float | None:
        """The longest any student waited from their own press to their own "Finished" (None if one never saw it)."""
        waits = self.finish_s
        return None if None in waits else max(waits)

    def summary(self) -> dict:
        out = asdict(self)
        out.pop("everyone")
        out |= {
            "solo_median_s": self.solo_median_s,
            "ideal_s": self.ideal_s,
            "last_s": self.last_s,
            "last_over_ideal": None if self.last_s is None else self.last_s / self.ideal_s,
            "server_last_s": self.server_last_s,
            "server_last_over_ideal": None if self.server_last_s is None else self.server_last_s / self.ideal_s,
            "server_wait_s": self.server_wait_s,
            "served_ideal_s": self.served_ideal_s,
            "server_over_served_ideal": self.server_last_s / self.served_ideal_s if self.server_last_s else None,
            "cores_used": self.cores_used,
            "server_cores": self.server_cores,
            "server_cores_per_student": self.server_cores / self.students,
            "slowest_s": self.slowest_s,
            "slowest_over_alone": None if None in (self.slowest_s, self.alone_s) else self.slowest_s / self.alone_s,
            "finish_s": self.finish_s,
            "finished": sum(s.finished is not None for s in self.everyone),
            "exceptions": sum(s.exception for s in self.everyone),
            "file_menus": sum(bool(file_menus(s.menus)) for s in self.everyone),
        }
        return out


def run_class(
    students: int,
    folder: Path | None = None,
    *,
    app_dir: Path = ROOT,
    deadline_s: float = 600,
    browser_nice: int = BROWSER_NICE,
    shared: bool = False,
    setup: Setup = SMALL,
) -> ClassResult:
    """One class on a fresh server: the lecturer's trainings first (the solo time), then the rush. Each student on
    a seed of their own (distinct setups, each trained), or with `shared` all on the one link the lecturer put up
    (one setup: the server trains it once, the others follow that training or are served its run). Everyone
    trains `setup`: the lecturer's trainings, the student alone and the class.

    The students' browsers share the server's two cores here, where in a lecture each runs on its own
    laptop. So they run at a low CPU priority (BROWSER_NICE), in Chromium's headless shell where it is
    installed (the lighter build Playwright itself uses for headless runs): at the server's priority
    they would take CPU the server needs and time their own rendering into the students' waits. The
    new visitor, who stands for someone else's laptop, has a browser of their own at normal priority.
    """
    chromium, _ = browser_parts()
    shell = chromium if os.environ.get("CHROMIUM_PATH") or not Path(HEADLESS_SHELL).exists() else HEADLESS_SHELL
    with tempfile.TemporaryDirectory(prefix="har-class-") as tmp:
        folder = Path(folder or tmp)
        log = folder / "jobs.jsonl"
        env = {"HAR_MAX_TRAININGS": str(SLOTS), LOG_ENV: str(log)}
        with serve(folder / "server", scale=setup.scale, env=env, app_dir=app_dir) as server:
            niced = nice_wrapper(shell, folder, browser_nice)
            return asyncio.run(_class(server, log, niced, chromium, students, deadline_s, shared, setup))


def nice_wrapper(chromium: str, folder: Path, niceness: int) -> str:
    """An executable that starts Chromium at a lower CPU priority (see run_class), unable to raise it again.

    Two things would undo a plain `nice`. Playwright starts the browser in a session of its own, and
    where the kernel groups each session's processes (sched_autogroup) the group as a whole gets an even
    share of the CPU whatever its processes' niceness: so the wrapper lowers its group's priority too.
    And Chromium, run as root, raises its own priority (its browser process to nice -8, every foreground
    tab to 0); without the capability to (CAP_SYS_NICE, dropped by `setpriv` where util-linux has it) it
    stays at `niceness`.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "chromium-niced"
    keep_nice = "setpriv --bounding-set=-sys_nice --inh-caps=-sys_nice " if shutil.which("setpriv") else ""
    path.write_text(
        "#!/bin/sh\n"
        f"echo {niceness} > /proc/self/autogroup 2>/dev/null\n"
        f'exec {keep_nice}nice -n {niceness} {chromium} "$@"\n'
    )
    path.chmod(0o755)
    return str(path)


async def _class(
    server, log: Path, chromium: str, own: str, n: int, deadline_s: float, shared: bool, setup: Setup
) -> ClassResult:
    """`chromium`: the students' browser; `own`: the new visitor's."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await launch(p, chromium)
        elsewhere = await launch(p, own)
        try:
            # one student alone is the shared link's yardstick; its ideal queue is one training
            rounds = 1 if shared else SOLO_RUNS
            solo = []
            for k in range(rounds):
                solo += await slot_times(browser, server.url, setup, first_seed=1000 + k * SLOTS)
            alone_s = await alone(browser, server.url, setup)
            startup_peak = server.usage.peak_rss
            # each student on a seed of their own: thirty distinct setups, so the run store's "one setup trains
            # once" serves none of them and the line is what is measured
            links = [setup.link if shared else f"{setup.link}&seed={i}" for i in range(n)]
            tabs = await asyncio.gather(*(open_tab(browser, f"{server.url}{link}", setup.epochs) for link in links))
            everyone = [Student() for _ in tabs]
            server.usage.reset()
            first = time.time()
            visitor = asyncio.create_task(new_visitor(elsewhere, server.url, VISITOR_DELAY_S))
            await asyncio.gather(*(press(tab, s) for tab, s in zip(tabs, everyone, strict=True)))
            await wait_all(tabs, everyone, first + deadline_s, setup.epochs)
            last = max((s.finished for s in everyone if s.finished), default=time.time())
            server.usage.sample()
            cpu_s, peak = server.usage.cpu_seconds(), server.usage.peak_rss
            server_cpu_s = server.usage.own_cpu_seconds()
            visitor_s, visitor_at = await visitor
            during = any(s.finished is None or s.finished > visitor_at for s in everyone)
            for tab, s in zip(tabs, everyone, strict=True):
                s.curve_points = await curve_points(tab, epochs=setup.epochs)
                await tab.context.close()
        finally:
            await browser.close()
            await elsewhere.close()
    return ClassResult(
        students=n,
        slots=SLOTS,
        solo_s=solo,
        alone_s=alone_s,
        visitor_s=visitor_s,
        visitor_during_rush=during,
        rush_s=last - first,
        trainings=class_trainings(log, first),
        cpu_s=cpu_s,
        server_cpu_s=server_cpu_s,
        peak_mb=peak / 2**20,
        startup_peak_mb=startup_peak / 2**20,
        everyone=everyone,
        shared=shared,
        setup=setup,
    )


def class_trainings(log: Path, first: float) -> list[dict]:
    """The job log's trainings queued since the first press (the lecturer's came before), its times counted
    from that press."""
    lines = job_log(log)
    times = ("queued", "started", "ended")
    return [
        job | {k: None if job[k] is None else job[k] - first for k in times}
        for job in lines
        if job["kind"] == "training" and job["queued"] >= first
    ]


async def slot_times(browser, url: str, setup: Setup, first_seed: int = 1000) -> list[float]:
    """The lecturer's trainings before the class arrives, one per slot, pressed together: each one's own
    time on its slot, as its page reports it. With every slot busy and nobody in line, that is the time
    one training needs on one slot while the server is as busy training as it will be with the class. Each on a
    seed none of the class uses, so the run store serves none of them."""
    links = [f"{url}{setup.link}&seed={first_seed + i}" for i in range(SLOTS)]
    tabs = await asyncio.gather(*(open_tab(browser, link, setup.epochs) for link in links))
    runs = [Student() for _ in tabs]
    await asyncio.gather(*(press(tab, run) for tab, run in zip(tabs, runs, strict=True)))
    await wait_all(tabs, runs, time.time() + 300, setup.epochs)
    for tab in tabs:
        await tab.context.close()
    if any(run.reported_s is None for run in runs):
        raise RuntimeError("the lecturer's trainings did not finish")
    return [run.reported_s for run in runs]


async def alone(browser, url: str, setup: Setup, seed: int = 2000) -> float | None:
    """One student alone on the server before the class: from their press to "Finished" on their page, as the
    class's times are seen (the same browser, the same low priority), on a seed nobody else trains."""
    tab = await open_tab(browser, f"{url}{setup.link}&seed={seed}", setup.epochs)
    student = Student()
    await press(tab, student)
    await wait_all([tab], [student], time.time() + 300, setup.epochs)
    await tab.context.close()
    return student.finish_s


def describe(result: ClassResult) -> str:
    s = result.summary()
    finish = sorted(x for x in s["finish_s"] if x is not None)
    spread = f"{finish[0]:.1f}-{finish[-1]:.1f} s" if finish else "none"
    last = "n/a" if s["last_s"] is None else f"{s['last_s']:.1f} s = {s['last_over_ideal']:.2f}x ideal"
    served = s["server_last_s"]
    served = (
        "n/a"
        if served is None
        else f"{served:.1f} s = {s['server_last_over_ideal']:.2f}x ideal, {s['server_over_served_ideal']:.2f}x the "
        f"ideal for the presses as they came ({s['served_ideal_s']:.1f} s)"
    )
    visitor = "n/a" if s["visitor_s"] is None else f"{s['visitor_s']:.1f} s"
    return (
        f"{result.students} students, {result.slots} slots: solo {s['solo_median_s']:.2f} s, "
        f"ideal {s['ideal_s']:.1f} s, last training ended on the server {served}, "
        f"last seen in a browser {last}; {s['finished']}/{result.students} finished ({spread}); longest wait "
        f"{s['server_wait_s'] or 0:.1f} s; new visitor {visitor}; server {s['cpu_s']:.0f} CPU s "
        f"({s['cores_used']:.2f} cores; the server process alone {s['server_cores']:.2f}), peak {s['peak_mb']:.0f} MB; "
        f"load {os.getloadavg()[0]:.1f}"
    )


def describe_shared(result: ClassResult) -> str:
    s = result.summary()
    slowest = "n/a" if s["slowest_over_alone"] is None else f"{s['slowest_s']:.1f} s = {s['slowest_over_alone']:.2f}x"
    alone_s = "n/a" if result.alone_s is None else f"{result.alone_s:.1f} s"
    return (
        f"{result.students} students on one shared link ({result.setup.link}, {result.setup.epochs} epochs, demo "
        f"scale {result.setup.scale:g}): one student alone {alone_s} from press to Finished, ideal queue (one "
        f"training) {s['ideal_s']:.1f} s, {len(result.trainings)} training(s) on the server, slowest press to "
        f"Finished {slowest}; "
        f"{s['finished']}/{result.students} finished; server process {s['server_cores']:.2f} cores "
        f"({s['server_cores_per_student']:.3f} per student); load {os.getloadavg()[0]:.1f}"
    )


CLASSES = (10, 30)  # students per class in a full run; quick mode runs one small class
SHARED_CLASS = 30  # students on one shared link in a full run
QUICK_CLASS = 4
TARGET = 2.0  # last finish / ideal queue time
SHARED_TARGET = 1.5  # slowest press-to-Finished on one shared link / one student alone
SERVER_CORES_TARGET = 0.3  # the server process's own CPU while 30 students watch trainings
VISITOR_TARGET_S = 5.0


def measure(bench: Bench) -> dict:
    """The classroom section: a class of 10 and one of 30 on seeds of their own, then 30 on one shared link
    (quick: 4 each), one after the other."""
    browser_parts()  # Unavailable: the command line notes the section as skipped
    out = {}
    for n in (QUICK_CLASS,) if bench.quick else CLASSES:
        result = run_class(n, bench.tmp / f"class-{n}")
        summary = out[str(n)] = result.summary()
        bench.rows += rows(summary)
    n = QUICK_CLASS if bench.quick else SHARED_CLASS
    # the lecture's own race on one link, judged; the small models' as context, where thirty pages drawing a
    # 0.5 s training's end on the server's two cores is what the slowest student waits for
    for name, setup in (("shared", SMALL),) if bench.quick else (("shared", SMALL), ("shared-lecture", LECTURE)):
        result = run_class(n, bench.tmp / f"{name}-{n}", shared=True, setup=setup)
        say(describe_shared(result))
        summary = out[f"{name}-{n}"] = result.summary()
        bench.rows += shared_rows(summary, judged=setup == LECTURE or bench.quick)
    return out


def server_row(s: dict, who: str) -> Row:
    """The server process's own CPU (not its training workers) over the rush, judged for a class of 30."""
    n, cores = s["students"], s["server_cores"]
    judged = n >= SHARED_CLASS
    return Row(
        "classroom",
        f"{who}: the server process alone over the rush, cores ({s['server_cores_per_student']:.3f} per student)",
        cores,
        "x",
        f"<= {SERVER_CORES_TARGET:g}" if judged else "",
        cores <= SERVER_CORES_TARGET if judged else None,
    )


def shared_rows(s: dict, judged: bool = True) -> list[Row]:
    """The rows of a class on one shared link; `judged`: the slowest student against the target, else context."""
    n, slowest, setup = s["students"], s["slowest_over_alone"], s["setup"]
    who = f"{n} students on one shared link ({setup['link']}, {setup['epochs']} epochs, demo scale {setup['scale']:g})"
    alone_s = "n/a" if s["alone_s"] is None else f"{s['alone_s']:.2f} s"
    context = "" if judged else " (context: the pages' own drawing, on the server's cores, is most of it)"
    return [
        Row(
            "classroom",
            f"{who}: slowest press to 'Finished' / one student alone ({alone_s}, ideal queue {s['ideal_s']:.1f} s), "
            f"both as their pages saw it{context}",
            slowest if slowest is not None else float("inf"),
            "x",
            f"<= {SHARED_TARGET:g}x" if judged else "",
            (slowest is not None and slowest <= SHARED_TARGET) if judged else None,
        ),
        Row(
            "classroom",
            f"{who}: trainings the server ran for the class",
            len(s["trainings"]),
            "",
            "1",
            len(s["trainings"]) == 1,
        ),
        server_row(s, who),
    ]


def rows(s: dict) -> list[Row]:
    n, served, seen, visitor = s["students"], s["server_over_served_ideal"], s["last_over_ideal"], s["visitor_s"]
    who = f"{n} students, {s['slots']} slots"
    return [
        Row(
            "classroom",
            f"{who}: last training ended on the server / the ideal queue for the presses as they came",
            served if served is not None else float("inf"),
            "x",
            f"<= {TARGET:g}x",
            served is not None and served <= TARGET,
        ),
        Row(
            "classroom",
            f"{who}: last training ended on the server / ideal queue time, all pressing at once (context)",
            s["server_last_over_ideal"] if s["server_last_over_ideal"] is not None else float("inf"),
            "x",
        ),
        Row(
            "classroom",
            f"{who}: last 'Finished' seen in a browser / ideal (context: all {n} browsers run on the server's cores)",
            seen if seen is not None else float("inf"),
            "x",
        ),
        Row(
            "classroom",
            f"{who}: a new visitor's first page during the rush",
            visitor if visitor is not None else float("inf"),
            "s",
            f"< {VISITOR_TARGET_S:g} s",
            visitor is not None and visitor < VISITOR_TARGET_S,
        ),
        Row(
            "classroom",
            f"{who}: solo time, one training on one slot (median of {len(s['solo_s'])})",
            s["solo_median_s"],
            "s",
        ),
        Row("classroom", f"{who}: longest wait in line (the server's job log)", s["server_wait_s"] or 0.0, "s"),
        Row(
            "classroom",
            f"{who}: server CPU over the rush, training workers included (cores busy)",
            s["cores_used"],
            "x",
        ),
        server_row(s, who),
        Row("classroom", f"{who}: server peak memory (process tree)", s["peak_mb"], "MB"),
    ]
