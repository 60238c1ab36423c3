"""The `k8slint rbac` commands: who-can, can-i and permissions over a manifest set."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from k8slint.commands.common import (
    ConfigOpt,
    KubeVersionOpt,
    OutputOpt,
    PathsArg,
    emit,
    fail,
    finish,
    load_set,
)

if TYPE_CHECKING:
    from k8slint.rbac.authorizer import Request
    from k8slint.rbac.engine import RbacEngine
    from k8slint.rbac.index import Path as GrantPath

rbac_app = typer.Typer(
    name="rbac",
    help="RBAC reachability: who can do what, as the RBAC authorizer decides, over the set and the "
    "default roles of a standard cluster.",
    no_args_is_help=True,
)


class RbacFormat(str, Enum):
    text = "text"
    json = "json"


FormatOpt = Annotated[RbacFormat, typer.Option("--format", "-f")]


def _engine(paths: list[str], config: Path | None, kube_version: str | None) -> tuple[RbacEngine, list[Any]]:
    from k8slint.rbac.engine import rbac_engine

    found = load_set(paths, config, kube_version)
    return rbac_engine(found.ctx), found.unreadable


def _request(
    engine: RbacEngine,
    verb: str,
    resource: str,
    namespace: str | None,
    name: str,
    subresource: str | None = None,
) -> tuple[Request, bool]:
    """The request kubectl would send, and whether the resource is namespaced. Warns like kubectl."""
    from dataclasses import replace

    from k8slint.rbac.authorizer import Request

    if not verb:
        raise fail("VERB must not be empty")
    target = engine.model.table.resolve(resource)
    if subresource:
        if target.url is not None:
            raise fail("--subresource applies to a resource, not to a non-resource URL")
        if target.subresource and target.subresource != subresource:
            raise fail(f"{resource} already names subresource {target.subresource!r}, not {subresource!r}")
        target = replace(target, subresource=subresource)
    if target.url is not None:
        if namespace:
            typer.echo(
                f"Warning: {resource} is a non-resource URL: namespace {namespace} is ignored", err=True
            )
        return Request(verb, url=target.url), False
    if not target.resource:
        raise fail(f"invalid resource {resource!r}")
    namespaced = target.namespaced
    if target.group == "" and target.resource == "namespaces" and name:
        # a request on the Namespace object N carries namespace N: RoleBindings in N apply to it
        if namespace and namespace != name:
            typer.echo(f"Warning: namespace {name} is its own namespace, not {namespace}", err=True)
        return Request(verb, "", "namespaces", target.subresource, name, name), True
    if namespaced is None and target.resource != "*":
        typer.echo(f"Warning: the server doesn't have a resource type '{target.resource}'", err=True)
    if namespaced is False:
        if namespace:
            typer.echo(f"Warning: resource '{target.resource}' is not namespace scoped", err=True)
        namespace = ""
    return (
        Request(verb, target.group, target.resource, target.subresource, name, namespace or ""),
        namespaced is not False,
    )


def _loc(resource: Any, path: tuple[Any, ...]) -> str:
    if resource is None:
        return "builtin"
    from k8slint.parse.sourcemap import locate

    line, _, _ = locate(resource.raw, path)
    return f"{resource.doc.file}:{line}"


def _path_text(p: GrantPath) -> str:
    b, role, rule = p.binding, p.role, p.rule
    via = ""
    if rule.role_name != role.name or rule.role_kind != role.kind:
        via = f" (aggregated from ClusterRole {rule.role_name})"
    return (
        f"{b} [{_loc(b.resource, ())}] -> {role} [{_loc(role.resource, ())}] -> "
        f"rule {rule.index}{via}: {rule.describe()} [{_loc(rule.resource, ('rules', rule.index))}]"
    )


def _scope_text(scopes: list[str]) -> str:
    return "cluster-wide" if "*" in scopes else "in namespace " + ", ".join(scopes)


def who_can(
    verb: Annotated[str, typer.Argument(help="The verb: get, list, create, ... or *.")],
    resource: Annotated[
        str,
        typer.Argument(
            help="As kubectl writes it: pods, pods/exec, deployments.apps, * or a URL (/metrics)."
        ),
    ],
    paths: PathsArg,
    namespace: Annotated[
        str | None,
        typer.Option("--namespace", "-n", help="The request's namespace (default: any namespace)."),
    ] = None,
    resource_name: Annotated[str | None, typer.Option("--resource-name", help="The object's name.")] = None,
    subresource: Annotated[
        str | None,
        typer.Option("--subresource", help="The subresource, as kubectl takes it (pods --subresource exec)."),
    ] = None,
    transitive: Annotated[
        bool,
        typer.Option(
            "--transitive",
            help="Also list the subjects that can act as an allowed identity (escalation closure).",
        ),
    ] = False,
    format: FormatOpt = RbacFormat.text,
    config: ConfigOpt = None,
    kube_version: KubeVersionOpt = None,
    output: OutputOpt = None,
) -> None:
    """List the subjects (and the workloads whose ServiceAccount) the RBAC authorizer allows VERB on RESOURCE."""
    import json

    engine, unreadable = _engine(paths, config, kube_version)
    lines: list[str] = []
    say = lines.append
    request, namespaced = _request(engine, verb, resource, namespace, resource_name or "", subresource)
    result = engine.index.who_can(request, request.namespace or None, namespaced)
    indirect = []
    if transitive:
        from k8slint.rbac.effective import indirect_subjects

        indirect = indirect_subjects(engine, result)
    if format is RbacFormat.json:
        workloads = []
        for w, via in result.workloads:
            entry = w.to_json()
            entry["via"] = [{"kind": g.kind, "name": g.name, "namespace": g.namespace} for g in via]
            workloads.append(entry)
        out = {
            "request": _request_json(request, namespace),
            "subjects": [g.to_json() for g in result.subjects],
            "workloads": workloads,
        }
        if transitive:
            out["indirect"] = [
                {**i.principal.to_json(), "chain": [step.text() for step in i.chain]} for i in indirect
            ]
        say(json.dumps(out, indent=2))
    else:
        what = _request_text(request)
        if not result.subjects:
            say(f"no subject can {what}")
        else:
            say(f"subjects that can {what}:")
        for g in result.subjects:
            who = f"{g.kind} {g.namespace}/{g.name}" if g.namespace else f"{g.kind} {g.name}"
            flags = " (builtin)" if g.builtin else ""
            say(f"  {who} {_scope_text(g.scopes)}{flags}")
            for p in g.paths:
                say(f"    {_path_text(p)}")
        if indirect:
            say("subjects that can, by acting as another identity:")
            for i in indirect:
                say(f"  {i.principal}")
                for step in i.chain:
                    say(f"    {step.text()}")
        if result.workloads:
            say("workloads whose ServiceAccount can:")
            for w, via in result.workloads:
                r = w.resource
                token = "" if w.automount else " (no token mounted)"
                via_text = ", ".join(
                    sorted(
                        {
                            f"{g.kind} {g.namespace}/{g.name}" if g.namespace else f"{g.kind} {g.name}"
                            for g in via
                        }
                    )
                )
                say(
                    f"  {r.kind} {r.namespace}/{r.name} as ServiceAccount {w.service_account.name} via {via_text}"
                    f"{token} [{_loc(r, w.sa_path)}]"
                )
    emit("\n".join(lines) + "\n", output)
    finish(unreadable)


def _request_json(request: Request, namespace: str | None) -> dict[str, Any]:
    if request.url is not None:
        return {"verb": request.verb, "nonResourceURL": request.url}
    return {
        "verb": request.verb,
        "apiGroup": request.group,
        "resource": request.resource,
        "subresource": request.subresource,
        "name": request.name,
        "namespace": request.namespace,
    }


def _request_text(request: Request) -> str:
    if request.url is not None:
        return f"{request.verb} {request.url}"
    res = request.combined
    if request.group not in ("", "*"):
        res = f"{request.resource}.{request.group}" + (
            f"/{request.subresource}" if request.subresource else ""
        )
    text = f"{request.verb} {res}"
    if request.name:
        text += f" {request.name}"
    if request.namespace:
        text += f" in namespace {request.namespace}"
    return text


def can_i(
    verb: Annotated[str, typer.Argument(help="The verb.")],
    resource: Annotated[str, typer.Argument(help="As kubectl writes it, or a non-resource URL.")],
    paths: PathsArg,
    as_: Annotated[
        str,
        typer.Option("--as", help="system:serviceaccount:NS:NAME, user:NAME or group:NAME."),
    ],
    namespace: Annotated[str | None, typer.Option("--namespace", "-n", help="Default: default.")] = None,
    resource_name: Annotated[str | None, typer.Option("--resource-name", help="The object's name.")] = None,
    subresource: Annotated[
        str | None,
        typer.Option("--subresource", help="The subresource, as kubectl takes it (pods --subresource exec)."),
    ] = None,
    format: FormatOpt = RbacFormat.text,
    config: ConfigOpt = None,
    kube_version: KubeVersionOpt = None,
    output: OutputOpt = None,
) -> None:
    """Whether SUBJECT may VERB RESOURCE: yes (exit 0) or no (exit 1), and how."""
    import json

    from k8slint.rbac.model import parse_principal

    principal = parse_principal(as_)
    if principal is None:
        raise fail(f"--as {as_!r}: use system:serviceaccount:NS:NAME, user:NAME or group:NAME")
    engine, unreadable = _engine(paths, config, kube_version)
    lines: list[str] = []
    say = lines.append
    request, namespaced = _request(engine, verb, resource, namespace, resource_name or "", subresource)
    if namespaced and request.url is None and not request.namespace:
        from dataclasses import replace

        request = replace(request, namespace="default")
    found = engine.index.allowed(principal, request)
    if format is RbacFormat.json:
        say(
            json.dumps(
                {
                    "subject": principal.to_json(),
                    "request": _request_json(request, request.namespace),
                    "allowed": bool(found),
                    "paths": [p.to_json() for p in found],
                },
                indent=2,
            )
        )
    else:
        say("yes" if found else "no")
        for p in found:
            say(f"  {_path_text(p)}")
    emit("\n".join(lines) + "\n", output)
    finish(unreadable)
    raise typer.Exit(0 if found else 1)


def permissions(
    subject: Annotated[str, typer.Argument(help="system:serviceaccount:NS:NAME, user:NAME or group:NAME.")],
    paths: PathsArg,
    format: FormatOpt = RbacFormat.text,
    config: ConfigOpt = None,
    kube_version: KubeVersionOpt = None,
    output: OutputOpt = None,
) -> None:
    """The subject's effective rules, merged, cluster-wide and per namespace, and whom it can act as."""
    import json

    from k8slint.rbac.model import parse_principal
    from k8slint.rbac.permissions import effective_permissions

    principal = parse_principal(subject)
    if principal is None:
        raise fail(f"SUBJECT {subject!r}: use system:serviceaccount:NS:NAME, user:NAME or group:NAME")
    engine, unreadable = _engine(paths, config, kube_version)
    lines: list[str] = []
    say = lines.append
    report = effective_permissions(engine, principal)
    if format is RbacFormat.json:
        say(json.dumps(report, indent=2))
    else:
        say(str(principal))
        if not report["scopes"]:
            say("  no rules")
        for scope in report["scopes"]:
            where = "cluster-wide" if scope["scope"] == "*" else f"namespace {scope['scope']}"
            say(f"{where}:")
            rows = [("Resources", "Non-Resource URLs", "Resource Names", "Verbs")]
            for rule in scope["rules"]:
                rows.append(
                    (
                        ",".join(rule["resources"]),
                        ",".join(rule["nonResourceURLs"]),
                        ",".join(rule["resourceNames"]),
                        ",".join(rule["verbs"]) + (" (builtin)" if rule["builtin"] else ""),
                    )
                )
            widths = [max(len(r[i]) for r in rows) for i in range(3)]
            for row in rows:
                say("  " + "  ".join(c.ljust(widths[i]) for i, c in enumerate(row[:3])) + "  " + row[3])
        if report["actsAs"]:
            say("can act as:")
            for entry in report["actsAs"]:
                say(f"  {entry['text']}: {entry['reason']}")
        if report["clusterAdmin"]:
            say("effectively cluster-admin:")
            for text in report["clusterAdminPath"]:
                say(f"  {text}")
    emit("\n".join(lines) + "\n", output)
    finish(unreadable)


rbac_app.command("who-can")(who_can)
rbac_app.command("can-i")(can_i)
rbac_app.command("permissions")(permissions)


def register(app: typer.Typer) -> None:
    """Add `k8slint rbac` (who-can, can-i, permissions) to the root app."""
    app.add_typer(rbac_app, name="rbac")
