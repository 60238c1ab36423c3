"""One RBAC engine per run, shared by the rules and the commands (memoized on ``ctx.memo``)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from k8slint.rbac.escalation import Escalation
from k8slint.rbac.index import RuleIndex
from k8slint.rbac.model import RbacModel

if TYPE_CHECKING:
    from k8slint.analysis.context import AnalysisContext


class RbacEngine:
    def __init__(
        self, model: RbacModel, kube_version: tuple[int, int] = (1, 37), assume_complete: bool = False
    ) -> None:
        self.model = model
        self.kube_version = kube_version
        self.assume_complete = assume_complete
        self.index = RuleIndex(model, scoped=not assume_complete)
        # the whole set's bindings; the pods an exec grant reaches are those of its binding's tree
        self.escalation = Escalation(model, kube_version, scoped=not assume_complete)
        self._views: dict[str, Escalation] = {}

    def escalation_for(self, tree: str) -> Escalation:
        """The closure as seen from a directory: the bindings, pods and token Secrets of its tree
        (a repository of alternative variants or unrelated projects shares namespace and account
        names); the whole set with --assume-complete."""
        if self.assume_complete:
            return self.escalation
        view = self._views.get(tree)
        if view is None:
            view = self._views[tree] = Escalation(self.model, self.kube_version, tree=tree)
        return view

    @cached_property
    def graph(self) -> Any:
        """The model as a networkx graph, built on first use: the rules and queries use the
        indexes, so a run that needs no graph algorithm never imports networkx."""
        from k8slint.rbac.graph import build_graph

        self.model.graph = build_graph(self.model)
        return self.model.graph


def rbac_engine(ctx: AnalysisContext) -> RbacEngine:
    engine = ctx.memo.get("rbac")
    if engine is None:
        model = RbacModel.build(ctx.resources, ctx.templates)
        engine = ctx.memo["rbac"] = RbacEngine(
            model, ctx.settings.kube_version, bool(ctx.settings.assume_complete)
        )
    return engine
