"""Write YAML as people write it: keys in the given order, Unicode as is, no anchors."""

from __future__ import annotations

import yaml


class _PlainDumper(yaml.SafeDumper):
    """Never writes anchors and aliases: a shared date must appear as itself twice."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def dump_yaml(data: object) -> str:
    """YAML as people write it: keys in model order, Unicode as is, no anchors."""
    return yaml.dump(
        data, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
