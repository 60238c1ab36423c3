import re
from collections.abc import Iterator

from k8slint.analysis.context import AnalysisContext
from k8slint.engine.rule import ResourceRule, Violation
from k8slint.findings import Category, Level
from k8slint.model.resource import Resource
from k8slint.parse.sourcemap import get

MACROS = {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}
MONTHS = {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}
DAYS = {d: i for i, d in enumerate("sun mon tue wed thu fri sat".split())}
FIELDS = (
    ("minute", 0, 59, {}),
    ("hour", 0, 23, {}),
    ("day of month", 1, 31, {}),
    ("month", 1, 12, MONTHS),
    ("day of week", 0, 6, DAYS),
)
_DURATION = re.compile(r"^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$")


def _value(text: str, low: int, high: int, names: dict[str, int]) -> int:
    if text.lower() in names:
        return names[text.lower()]
    if not text.isdigit():
        raise ValueError(f"failed to parse int from {text}")
    return int(text)


def schedule_error(schedule: str) -> str | None:
    """The parse error of robfig/cron's ParseStandard (as used by the API server), or None."""
    text = schedule.strip()
    if "TZ=" in text:
        return "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"
    if text.startswith("@"):
        if text in MACROS:
            return None
        if text.startswith("@every "):
            return None if _DURATION.match(text[7:].strip()) else f"failed to parse duration {text}"
        return f"unrecognized descriptor: {text}"
    parts = text.split()
    if len(parts) != 5:
        return f"expected exactly 5 fields, found {len(parts)}: [{' '.join(parts)}]"
    for part, (_, low, high, names) in zip(parts, FIELDS, strict=True):
        for item in part.split(","):
            rng, _, step = item.partition("/")
            try:
                if step and (not step.isdigit() or int(step) == 0):
                    return (
                        f"failed to parse int from {step}"
                        if not step.isdigit()
                        else f"step of range should be a positive number: {item}"
                    )
                if rng in ("*", "?"):
                    continue
                start_text, dash, end_text = rng.partition("-")
                start = _value(start_text, low, high, names)
                end = _value(end_text, low, high, names) if dash else start
            except ValueError as exc:
                return str(exc)
            if start < low:
                return f"beginning of range ({start}) below minimum ({low}): {item}"
            if end > high:
                return f"end of range ({end}) above maximum ({high}): {item}"
            if start > end:
                return f"beginning of range ({start}) beyond end of range ({end}): {item}"
    return None


class InvalidCronSchedule(ResourceRule):
    """
    ## What it finds
    A CronJob `spec.schedule` that the API server cannot parse (robfig/cron's standard parser: five
    fields, or a descriptor such as `@hourly`, `@daily` or `@every 1h`), and a time zone written into
    the schedule (`TZ=Europe/Paris 0 3 * * *`), which the API server rejects in favour of
    `spec.timeZone`. Upstream: validateScheduleFormat (pkg/apis/batch/validation).

    ## Why it matters
    The CronJob is rejected: `spec.schedule: Invalid value: "0 3 * *": expected exactly 5 fields,
    found 4: [0 3 * *]`.

    ## How to fix
    Use five fields (minute hour day-of-month month day-of-week) and `spec.timeZone` for the zone.

    ## Example
    ```yaml
    apiVersion: batch/v1
    kind: CronJob
    metadata:
      name: nightly
    spec:
      schedule: "0 3 * * * *"
      jobTemplate:
        spec:
          template:
            spec:
              restartPolicy: OnFailure
              containers: [{name: job, image: "busybox:1.36"}]
    ```

    ## Use instead
    ```yaml
    apiVersion: batch/v1
    kind: CronJob
    metadata:
      name: nightly
    spec:
      schedule: "0 3 * * *"
      timeZone: Europe/Paris
      jobTemplate:
        spec:
          template:
            spec:
              restartPolicy: OnFailure
              containers: [{name: job, image: "busybox:1.36"}]
    ```
    """

    id = "invalid-cron-schedule"
    category = Category.VALIDITY
    level = Level.ERROR
    summary = "CronJob schedule cannot be parsed"
    targets = frozenset({"CronJob"})

    def check(self, resource: Resource, ctx: AnalysisContext) -> Iterator[Violation]:
        schedule = get(resource.raw, ("spec", "schedule"))
        if isinstance(schedule, str) and schedule:
            error = schedule_error(schedule)
            if error:
                yield Violation(("spec", "schedule"), f'spec.schedule: Invalid value: "{schedule}": {error}')
