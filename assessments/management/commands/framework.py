"""`manage.py framework check|load|export`: the assessment framework files (ADR 0002)."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.framework import (
    FrameworkError,
    framework_current,
    framework_file_read,
    framework_files,
    framework_get,
    framework_versions_sync,
)
from assessments.framework.export import framework_export_json, framework_export_markdown
from assessments.models import FrameworkVersion


class Command(BaseCommand):
    help = "Check a framework file, load framework files into the database, or export the catalogue."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True, parser_class=CommandParser)
        check = commands.add_parser("check", help="Validate a draft file without loading it.")
        check.add_argument("path")
        load = commands.add_parser("load", help="Sync framework files into the database (default: versions/*.yaml).")
        load.add_argument("paths", nargs="*")
        export = commands.add_parser("export", help="Print the catalogue of a loaded version (default: the newest).")
        export.add_argument("--format", choices=["markdown", "json"], default="markdown")
        source = export.add_mutually_exclusive_group()
        source.add_argument("--version", dest="framework_version", help="A loaded version, e.g. 1.0.")
        source.add_argument("--path", help="Export a file directly, without the database.")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except FrameworkError as error:
            self.stderr.write("\n".join(error.messages))
            # Exit 1 without Django's "CommandError:" traceback-style prefix: the messages say it all.
            sys.exit(1)

    def _check(self, *, path, **options):
        loaded = framework_file_read(path=path)
        framework = loaded.framework
        citations = ", ".join(f"{source} {count}" for source, count in framework.citation_counts().items())
        self.stdout.write(
            f"{loaded.label}: version {framework.version} is valid: {len(framework.domains)} domains, "
            f"{len(framework.questions)} questions, {len(framework.barriers)} barriers, {len(framework.gates)} gates, "
            f"{len(framework.actions)} actions; citations: {citations}"
        )

    def _load(self, *, paths, **options):
        if not paths and not framework_files():
            raise CommandError("There are no framework files in assessments/framework/versions/.")
        for result in framework_versions_sync(paths=paths or None):
            state = "loaded" if result.created else "already loaded, unchanged"
            self.stdout.write(f"{result.label}: version {result.version} {state}")

    def _export(self, *, format, framework_version, path, **options):
        if path:
            framework = framework_file_read(path=path).framework
        else:
            try:
                framework = framework_get(framework_version) if framework_version else framework_current()
            except FrameworkVersion.DoesNotExist:
                missing = f"Version {framework_version} is not loaded" if framework_version else "No version is loaded"
                raise CommandError(f"{missing}: run `manage.py framework load` first.") from None
        if format == "json":
            self.stdout.write(json.dumps(framework_export_json(framework=framework), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(framework_export_markdown(framework=framework), ending="")
