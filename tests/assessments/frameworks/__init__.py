"""Frameworks for tests: a small one covering every feature, and the real one when it exists."""

import copy
import functools
from pathlib import Path

import yaml

from assessments.framework import Framework, framework_file_read, framework_validate
from assessments.framework.loader import VERSIONS_DIR, definition_jsonable, yaml_parse

SMALL_PATH = Path(__file__).parent / "small.yaml"
REAL_PATH = VERSIONS_DIR / "1.0.yaml"
V1_1_PATH = VERSIONS_DIR / "1.1.yaml"
V1_2_PATH = VERSIONS_DIR / "1.2.yaml"
LABEL = "test.yaml"


@functools.cache
def _small_definition() -> dict:
    return definition_jsonable(yaml_parse(text=SMALL_PATH.read_text(), label=LABEL))


def small_definition() -> dict:
    """A fresh copy of the small framework's content, to change in a test."""
    return copy.deepcopy(_small_definition())


def validation_errors(definition: dict) -> list[str]:
    """The validator's messages for a definition, with the file named test.yaml."""
    return framework_validate(data=definition, label=LABEL)[1]


@functools.cache
def framework_at(path: Path) -> Framework:
    """A framework file, read once per test run."""
    return framework_file_read(path=path).framework


def framework_paths() -> list[Path]:
    """The frameworks property tests run against: the small one, and every version in the repository."""
    return [SMALL_PATH, *sorted(VERSIONS_DIR.glob("*.yaml"))]


def yaml_write(path: Path, definition: dict) -> Path:
    path.write_text(yaml.safe_dump(definition, sort_keys=False, allow_unicode=True))
    return path
