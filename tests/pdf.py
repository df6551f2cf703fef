"""Reading rendered PDFs back in tests (with pypdf)."""


def image_xobjects(reader) -> list:
    """Every image in the PDF's pages, including those inside form XObjects (WeasyPrint draws SVG in forms)."""
    images, seen = [], set()

    def visit(resources):
        for reference in (resources or {}).get("/XObject", {}).values():
            if reference.idnum in seen:
                continue
            seen.add(reference.idnum)
            xobject = reference.get_object()
            if xobject["/Subtype"] == "/Image":
                images.append(xobject)
            else:
                visit(xobject.get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return images
