"""YAML in and out: parsing with positions (``parse``), writing as people write (``dump``),
and editing a record's text in place (``splice``).

Everything that reads or writes YAML goes through here, so the safety rules (no object
construction, bounded documents, duplicate keys reported) hold everywhere. Add here only what
is about YAML text itself, not about what records mean.
"""

from stfolio.yamlio.dump import dump_yaml
from stfolio.yamlio.parse import Mark, ParsedYaml, parse_yaml
from stfolio.yamlio.splice import SpliceError, splice_intyg

__all__ = ["Mark", "ParsedYaml", "SpliceError", "dump_yaml", "parse_yaml", "splice_intyg"]
