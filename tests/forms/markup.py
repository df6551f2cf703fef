"""A small HTML tree for asserting on rendered forms, built on the standard library's parser."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []
        self._text = []

    @property
    def classes(self):
        return (self.attrs.get("class") or "").split()

    @property
    def id(self):
        return self.attrs.get("id")

    @property
    def text(self):
        """All the text inside, with runs of whitespace collapsed."""
        parts = []

        def walk(element):
            for child in element.children:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    walk(child)

        walk(self)
        return " ".join("".join(parts).split())

    def iter(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, tag=None, cls=None, **attrs):
        attrs = {name.replace("_", "-"): value for name, value in attrs.items()}
        return [
            element
            for element in self.iter()
            if (tag is None or element.tag == tag)
            and (cls is None or cls in element.classes)
            and all(element.attrs.get(name) == value for name, value in attrs.items())
        ]

    def find(self, tag=None, cls=None, **attrs):
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag or '*'} class={cls} {attrs}> in the markup"
        return found[0]

    def by_id(self, id_):
        return self.find(id=id_)

    def ids(self):
        return [element.id for element in self.iter() if element.id]

    def ancestors(self):
        element = self.parent
        while element is not None:
            yield element
            element = element.parent

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, attrs, self.current))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        element = self.current
        while element is not self.root and element.tag != tag:
            element = element.parent
        assert element is not self.root, f"</{tag}> closes nothing"
        self.current = element.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html):
    builder = _TreeBuilder()
    builder.feed(str(html))
    builder.close()
    assert builder.current is builder.root, f"<{builder.current.tag}> is never closed"
    return builder.root
