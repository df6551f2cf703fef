"""Display-ready data built from an assessment: shared by the pages and the PDF report."""
