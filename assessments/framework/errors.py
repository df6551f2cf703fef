"""Why a framework file was refused."""


class FrameworkError(Exception):
    """A framework file or version that cannot be used; `messages` says why, one line each."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = list(messages)


class FrameworkInvalid(FrameworkError):
    """The file is not valid YAML or breaks the format (ADR 0002)."""


class FrameworkImmutable(FrameworkError):
    """A published version's content changed without a new version number."""
