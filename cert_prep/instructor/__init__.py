"""Tools for instructors: results exchange, classical item analysis, GIFT and Aiken.

- `results`: export a student's submitted mock exams as `cert-prep-results/1` JSON, and
  load such files strictly.
- `analysis`: classical item analysis (p, corrected point-biserial, choice counts, flags,
  KR-20) over many students' results files.
- `gift`, `aiken`: import Moodle GIFT and Aiken question files into bank YAML (through
  `bankyaml`), and export bank files to GIFT.
- `report`: the HTML item-analysis page, rendered with the score report's Jinja setup.

Nothing here imports textual; the CLI (`cert_prep.cli.instructor_commands`) sits on top.
"""
