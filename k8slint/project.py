"""Project facts shared by reporters: where documentation lives."""

PROJECT_URL = "https://github.com/k8slint/k8slint"


def rule_help_uri(rule_id: str) -> str:
    return f"{PROJECT_URL}/blob/main/docs/rules/{rule_id}.md"
