"""The tag tree of our PDFs (PDF/UA-1): table header scopes, and joining tagged PDFs without losing their tags.

WeasyPrint tags a table's header cells as TH without the /Scope that PDF/UA asks for (a screen reader then
cannot tell a column header from a row header); `tag_table_headers` adds it. pypdf's `append` copies pages but
drops the structure tree, so a print batch or a letter with its attachments would reach the print house
untagged; `join` copies each part's tree under one Document element, renumbers the parent tree (the map from
a page's marked content back to its tags) and prefixes element ids so two letters' ids cannot clash. A part
without tags (a sender's attachment) gets one Figure per page, with a text alternative, so every page stays
inside the tag tree.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _elements(node) -> Iterator[Dictionary]:
    """Every structure element under node (marked-content ids and references are not elements)."""
    for kid in _kids(node):
        if isinstance(kid, Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def _scope(cell: Dictionary) -> Name:
    """HTML's rule for a header cell without scope: a column header in the table head or in a row of headers."""
    row = cell.get("/P")
    section = row.get("/P") if row is not None else None
    if section is not None and section.get("/S") == Name.THead:
        return Name.Column
    cells = [kid for kid in _kids(row) if isinstance(kid, Dictionary)] if row is not None else []
    return Name.Column if cells and all(c.get("/S") == Name.TH for c in cells) else Name.Row


def add_header_scopes(pdf: pikepdf.Pdf) -> bool:
    """Give every TH a /Scope in its Table attributes. True when something changed."""
    root = pdf.Root.get("/StructTreeRoot")
    changed = False
    for element in _elements(root) if root is not None else ():
        if element.S != Name.TH:
            continue
        attributes = element.get("/A")
        if attributes is None or isinstance(attributes, Array):
            table = next((a for a in (attributes or []) if a.get("/O") == Name.Table), None)
            if table is None:
                table = Dictionary(O=Name.Table)
                element.A = Array([*(attributes or []), table])
        else:
            table = attributes
        if "/Scope" not in table:
            table.Scope = _scope(element)
            changed = True
    return changed


def tag_table_headers(data: bytes) -> bytes:
    """The PDF with a scope on each table header cell (the same bytes when it has none to add)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if not add_header_scopes(pdf):
            return data
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def _number_tree(node) -> Iterator[tuple[int, object]]:
    nums = node.get("/Nums")
    if nums is not None:
        for index in range(0, len(nums), 2):
            yield int(nums[index]), nums[index + 1]
    for kid in node.get("/Kids", []):
        yield from _number_tree(kid)


def _prefix_ids(tree: Dictionary, prefix: str) -> None:
    """Element ids (and the Headers that point at them) unique in the joined file."""
    for element in _elements(tree):
        if "/ID" in element:
            element.ID = String(prefix + str(element.ID))
        attributes = element.get("/A")
        for attribute in attributes if isinstance(attributes, Array) else [attributes] if attributes else []:
            if "/Headers" in attribute:
                attribute.Headers = Array([String(prefix + str(h)) for h in attribute.Headers])


class _Joined:
    def __init__(self, lang: str | None):
        self.pdf = pikepdf.new()
        self.document = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array()))
        self.nums: list = []
        self.next_key = 0
        self.role_map = Dictionary()
        self.lang = lang

    def add_tagged(self, other: pikepdf.Pdf, first_page: int, prefix: str) -> None:
        tree = self.pdf.copy_foreign(other.Root.StructTreeRoot)  # after the pages: /Pg points at the copies
        self._renumber(tree, first_page)
        _prefix_ids(tree, prefix)
        lang = other.Root.get("/Lang")
        for kid in _kids(tree):
            kid.P = self.document
            if lang is not None and str(lang) != self.lang and "/Lang" not in kid:
                kid.Lang = lang
            self.document.K.append(kid)
        for role, standard in tree.get("/RoleMap", Dictionary()).items():
            self.role_map[role] = standard

    def _renumber(self, tree: Dictionary, first_page: int) -> None:
        """Move the part's parent tree keys past those already used, on its pages and annotations too."""
        offset = self.next_key
        for key, value in _number_tree(tree.get("/ParentTree", Dictionary())):
            self.nums += [key + offset, value]
            self.next_key = max(self.next_key, key + offset + 1)
        for page in self.pdf.pages[first_page:]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset

    def add_untagged(self, first_page: int, alt: Callable[[int], str]) -> None:
        """Mark each page's whole content as one Figure with a text alternative."""
        for number, page in enumerate(self.pdf.pages[first_page:], start=1):
            figure = self.pdf.make_indirect(Dictionary(
                Type=Name.StructElem, S=Name.Figure, P=self.document, Pg=page.obj, K=0, Alt=String(alt(number))))
            page.contents_coalesce()
            page.contents_add(b"/Figure <</MCID 0>> BDC\n", prepend=True)
            page.contents_add(b"\nEMC\n")
            page.obj.StructParents = self.next_key
            self.nums += [self.next_key, Array([figure])]
            self.next_key += 1
            self.document.K.append(figure)

    def finish(self) -> None:
        root = Dictionary(Type=Name.StructTreeRoot, K=Array([self.document]),
                          ParentTree=self.pdf.make_indirect(Dictionary(Nums=Array(self.nums))),
                          ParentTreeNextKey=self.next_key)
        if self.role_map.keys():
            root.RoleMap = self.role_map
        self.document.P = self.pdf.make_indirect(root)
        self.pdf.Root.StructTreeRoot = self.document.P
        self.pdf.Root.MarkInfo = Dictionary(Marked=True)
        self.pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        if self.lang:
            self.pdf.Root.Lang = String(self.lang)

    def take_metadata(self, other: pikepdf.Pdf) -> None:
        """The first tagged part's title and PDF/UA identification speak for the whole."""
        if "/Metadata" in self.pdf.Root or "/Metadata" not in other.Root:
            return
        self.pdf.Root.Metadata = self.pdf.copy_foreign(other.Root.Metadata)
        if "/Title" in other.docinfo:
            self.pdf.docinfo.Title = other.docinfo.Title


def join(parts: Iterable[tuple[bytes | Path, Callable[[int], str] | None]], out, *, lang: str | None) -> None:
    """Write one tagged PDF of the parts, in order, to `out` (a path or a binary file). Each part: its file or
    bytes, and for a part that may be untagged the text alternative of its page N (`alt(N)`); an untagged part
    without one is refused (ValueError)."""
    joined, opened = _Joined(lang), []
    try:
        for index, (source, alt) in enumerate(parts):
            # Open until the save: the copied pages read their content streams from the part then.
            other = pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source)
            opened.append(other)
            first_page = len(joined.pdf.pages)
            joined.pdf.pages.extend(other.pages)
            if "/StructTreeRoot" in other.Root:
                joined.add_tagged(other, first_page, prefix=f"p{index}-")
                joined.take_metadata(other)
            elif alt is not None:
                joined.add_untagged(first_page, alt)
            else:
                raise ValueError(f"part {index} of the PDF has no tags")
        joined.finish()
        # Object streams: the many small tag dictionaries compressed, as in each part (a third of the size).
        joined.pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                        min_version=max((o.pdf_version for o in opened), default="1.7"))
    finally:
        for other in opened:
            other.close()
