"""Where each CSV record of a figures file starts and stops, found in its bytes.

Load stage, below :mod:`casualty.load`: a numpy scan of the bytes finds record
boundaries outside quotes (RFC 4180), so every problem can name the physical
line it is on, counting blank lines and the lines of multi-line cells, and
quoting and encoding faults are found before pandas reads a cell.
"""

from __future__ import annotations

import codecs
import csv
import io
import re

import numpy as np

from casualty.problems import FiguresError, Problem
from casualty.vocabulary import COLUMNS

COLUMN_ORDER = {name: i for i, name in enumerate(COLUMNS)}
_SCAN_BLOCK = 1 << 19  # bytes the record scanner looks at in one go: fits in the CPU cache
_UTF8_BLOCK = 1 << 21  # bytes the UTF-8 check looks at in one go
_LEADING_LINE_ENDS = re.compile(rb"[\r\n]*")


class OneRead:
    """A binary file that gives all its bytes at the first read, however few are asked for.

    pandas' C parser reads a file 256 KiB at a time, and when a read ends among
    the spaces or tabs that start a record, it drops them: a cell '  x' comes
    back as 'x'. Read in one go, the file has no such place.
    """

    mode = "rb"

    def __init__(self, data: bytes):
        self._data = data

    def read(self, size: int = -1) -> bytes:
        data, self._data = self._data, b""
        return data

    def __iter__(self):
        raise io.UnsupportedOperation("read it with read()")


class Records:
    """Where each non-blank CSV record starts and stops, its line and field count."""

    def __init__(self, starts, stops, lines, fields):
        self.starts, self.stops, self.lines, self.fields = starts, stops, lines, fields

    def text(self, data: bytes, i: int, limit: int = 60) -> str:
        chunk = data[self.starts[i]:self.stops[i]].decode("utf-8", "replace")
        chunk = chunk if len(chunk) <= limit else chunk[:limit] + "..."
        return chunk.replace("\r", "\\r").replace("\n", "\\n")  # a problem is one line


def scan_records(name: str, data: bytes) -> Records:
    """Find CSV records (RFC 4180 quoting) without a loop over the bytes.

    A newline or comma counts only where an even number of quote characters
    precede it, i.e. outside any quoted field. The file is scanned in blocks
    that fit in the CPU cache; commas are counted, not listed.
    """
    a = np.frombuffer(data, dtype=np.uint8)
    any_cr = data.find(b"\r") >= 0
    quote_parts, newline_parts, unquoted_parts, cr_parts, comma_parts = [], [], [], [], []
    quotes_before, suspect_quote = 0, False
    for offset in range(0, len(a), _SCAN_BLOCK):
        block = a[offset:offset + _SCAN_BLOCK]
        # quotes and line ends found in one pass: the quotes before a line end are its place among them less
        # the line ends before it
        special = np.flatnonzero((block == ord('"')) | (block == ord("\n")))
        is_quote = block[special] == ord('"')
        quotes = special[is_quote]
        at = np.flatnonzero(~is_quote)
        newlines = special[at]
        unquoted = ((at - np.arange(len(at)) + quotes_before) & 1) == 0
        ends = newlines[unquoted]
        inside = quotes_before & 1  # the block starts inside quotes
        opening, closing = quotes[inside::2], quotes[1 - inside::2]
        # a quote must open a field (after a comma, a line end or the quote closing the field before)
        # and close it (before a comma, a line end or the quote opening the next): else _check_quotes says why
        if len(quotes):
            before = a[np.maximum(opening + offset - 1, 0)]
            after = a[np.minimum(closing + offset + 1, len(a) - 1)]
            suspect_quote |= bool((((before != ord(",")) & (before != ord("\n")) & (before != ord('"')))
                                   & (opening + offset > 0)).any()
                                  or (((after != ord(",")) & (after != ord("\n")) & (after != ord("\r"))
                                       & (after != ord('"'))) & (closing + offset + 1 < len(a))).any())
        # commas outside quotes in each record: all commas less those between an opening and a closing quote
        if inside:
            opening = np.concatenate(([0], opening))
        if len(closing) < len(opening):
            closing = np.append(closing, len(block))
        counted = _count_before(block == ord(","), np.concatenate(([0], ends, [len(block)], opening, closing)))
        in_records = np.diff(counted[:len(ends) + 2])
        in_quotes = counted[len(ends) + 2 + len(opening):] - counted[len(ends) + 2:len(ends) + 2 + len(opening)]
        in_quotes = np.bincount(np.searchsorted(ends, opening), weights=in_quotes, minlength=len(ends) + 1)
        comma_parts.append(in_records - in_quotes.astype(np.int64))
        if any_cr:
            cr = np.flatnonzero(block == ord("\r"))
            cr_parts.append(cr[((np.searchsorted(quotes, cr) + quotes_before) & 1) == 0] + offset)
        quote_parts.append(quotes + offset)
        newline_parts.append(newlines + offset)
        unquoted_parts.append(unquoted)
        quotes_before += len(quotes)
    if suspect_quote or quotes_before % 2:
        _check_quotes(name, data, a, _joined(quote_parts))
    # a CR that is not part of CRLF (old Mac line ends) would split rows for pandas only
    bare_cr = _joined(cr_parts)
    bare_cr = bare_cr[(bare_cr + 1 < len(a)) & (a[np.minimum(bare_cr + 1, len(a) - 1)] != ord("\n"))]
    if len(bare_cr):
        raise _problem_at(name, data, int(bare_cr[0]), "bare_cr",
                          "a line break that is a bare CR; save the file with LF or CRLF line endings")
    newlines, unquoted = _joined(newline_parts), np.concatenate(unquoted_parts)
    ends = newlines[unquoted]
    starts = np.concatenate(([0], ends + 1))
    stops = np.concatenate((ends, [len(a)]))
    # a CR before the LF belongs to the line end, not to the last field
    has_cr = (stops > starts) & (a[np.maximum(stops - 1, 0)] == ord("\r"))
    stops = stops - has_cr
    keep = stops > starts
    # the line a record starts on: one more than the newlines before it
    lines = np.concatenate(([1], np.flatnonzero(unquoted) + 2))[keep]
    # a block's first record carries on the last record of the block before
    commas = np.zeros(len(starts), dtype=np.int64)
    first = 0
    for counts in comma_parts:
        commas[first:first + len(counts)] += counts
        first += len(counts) - 1
    return Records(starts[keep], stops[keep], lines, commas[keep] + 1)


def _count_before(mask: np.ndarray, where: np.ndarray) -> np.ndarray:
    """How many of ``mask`` are true before each position in ``where`` (each at most ``len(mask)``)."""
    bits = np.packbits(mask, bitorder="little")
    if hasattr(np, "bitwise_count"):  # numpy >= 2: 64 bits at a time
        words = np.zeros(len(bits) // 8 + 1, dtype="<u8")
        words.view(np.uint8)[:len(bits)] = bits
        totals = np.concatenate(([0], np.cumsum(np.bitwise_count(words), dtype=np.int64)))
        below = (np.uint64(1) << (where & 63).astype(np.uint64)) - np.uint64(1)
        return totals[where >> 6] + np.bitwise_count(words[where >> 6] & below)
    bits = np.append(bits, np.uint8(0))
    totals = np.concatenate(([0], np.cumsum(_BITS_SET[bits], dtype=np.int64)))
    return totals[where >> 3] + _BITS_SET[bits[where >> 3] & _BELOW[where & 7]]


_BITS_SET = np.array([bin(i).count("1") for i in range(256)], dtype=np.int64)
_BELOW = np.array([(1 << k) - 1 for k in range(8)], dtype=np.uint8)


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.intp)


def _check_quotes(name: str, data: bytes, a: np.ndarray, quotes: np.ndarray) -> None:
    """Quotes must open a field and close it; a quote inside must be doubled."""
    if len(quotes) == 0:
        return
    opening, closing = quotes[0::2], quotes[1::2]
    before = np.where(opening > 0, a[np.maximum(opening - 1, 0)], ord(","))
    # an opening quote right after a closing one is the second half of ""; only the quote
    # before an opening quote (the previous closing one) can be right before it
    after_closing = np.zeros(len(opening), dtype=bool)
    after_closing[1:] = closing[:len(opening) - 1] == opening[1:] - 1
    bad_open = (before != ord(",")) & (before != ord("\n")) & ~after_closing
    after = np.where(closing + 1 < len(a), a[np.minimum(closing + 1, len(a) - 1)], ord(","))
    bad_close = (after != ord(",")) & (after != ord("\n")) & (after != ord("\r")) & (after != ord('"'))
    bad = np.sort(np.concatenate((opening[bad_open], closing[bad_close])))
    if len(bad):
        where = int(bad[0])
        k = int(np.searchsorted(quotes, where))
        if k % 2 and a[where - 1] in (ord(","), ord("\n")):
            # a "closing" quote that opens a field: the quote before it was never closed
            raise _problem_at(name, data, int(quotes[k - 1]), "unclosed_quote", "a quote opened here is never closed")
        raise _problem_at(name, data, where, "stray_quote", "a stray quote: quote a whole field and double any quote inside it")
    if len(quotes) % 2:
        raise _problem_at(name, data, int(quotes[-1]), "unclosed_quote", "a quote opened here is never closed")


def _problem_at(name: str, data: bytes, where: int, reason: str, what: str) -> FiguresError:
    line_start = data.rfind(b"\n", 0, where) + 1
    line_end = data.find(b"\n", where)
    line_text = data[line_start:line_end if line_end >= 0 else len(data)].decode("utf-8", "replace")
    column = _column_at(header_of(data)[0], data, where)
    line = data.count(b"\n", 0, where) + 1
    shown = line_text.strip("\r")
    shown = shown if len(shown) <= 60 else shown[:60] + "..."
    shown = shown.replace("\r", "\\r")  # a problem is one line
    return FiguresError(name, [Problem(name, line, column, reason, what, shown)])


def _column_at(header: list[str], data: bytes, where: int) -> str:
    """The header name of the field that byte ``where`` is in.

    Commas and newlines inside quoted fields do not count, so the quotes before
    ``where`` must pair up (they do wherever a problem is reported).
    """
    a = np.frombuffer(data, dtype=np.uint8, count=where)
    outside = (np.cumsum(a == ord('"')) & 1) == 0
    ends = np.flatnonzero((a == ord("\n")) & outside)
    start = int(ends[-1]) + 1 if len(ends) else 0
    index = int(np.count_nonzero((a[start:] == ord(",")) & outside[start:]))
    if index < len(header) and header[index] in COLUMN_ORDER:
        return header[index]
    # a name that is not a column (a header garbled by the problem itself) names nothing
    header_end = data.find(b"\n", _LEADING_LINE_ENDS.match(data).end())
    return "header" if 0 <= where < header_end else f"field {index + 1}"


def header_of(data: bytes) -> tuple[list[str], int]:
    """The header's fields and line: the first line that is not blank."""
    start = _LEADING_LINE_ENDS.match(data).end()  # data.lstrip() would copy the whole file
    stop = data.find(b"\n", start)
    return _split_record(data, start, stop if stop >= 0 else len(data)), data.count(b"\n", 0, start) + 1


def _split_record(data: bytes, start: int, stop: int) -> list[str]:
    text = data[start:stop].decode("utf-8", "replace").rstrip("\r")
    return next(csv.reader(io.StringIO(text, newline="")), [])  # a bare CR ends the record


def first_not_utf8(data: bytes) -> int | None:
    """Where the first byte that is not UTF-8 text is, or None when all of it is.

    An ASCII byte is never part of a longer UTF-8 sequence, so the file is UTF-8
    exactly when each run of non-ASCII bytes is: only those runs are decoded,
    an ASCII line end between each two, block by block, instead of the whole
    file into a string (which takes two or four bytes a character once one
    character is not Latin-1). Only a file that fails is decoded whole, for
    the place of its first bad byte.

    >>> first_not_utf8("naïve – ок".encode("utf-8")), first_not_utf8(b"caf\\xe9 ok")
    (None, 3)
    """
    if data.isascii():
        return None
    a = np.frombuffer(data, dtype=np.uint8)
    decoder = codecs.getincrementaldecoder("utf-8")()
    run_open = False  # the block before ended inside a run of non-ASCII bytes
    try:
        for offset in range(0, len(a), _UTF8_BLOCK):
            block = a[offset:offset + _UTF8_BLOCK]
            high = np.flatnonzero(block >= 0x80)
            if len(high) == 0:
                run_open = False
                continue
            starts = np.flatnonzero(np.diff(high) != 1) + 1
            if high[0] != 0 or not run_open:
                starts = np.concatenate(([0], starts))
            decoder.decode(np.insert(block[high], starts, ord("\n")).tobytes())
            run_open = bool(high[-1] == len(block) - 1)
        decoder.decode(b"", final=True)
        return None
    except UnicodeDecodeError:
        pass
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start
    return None  # not reached: the runs fail exactly when the file does


def encoding_problem(name: str, data: bytes, where: int) -> Problem:
    line = data.count(b"\n", 0, where) + 1
    column = _column_at(header_of(data)[0], data, where)
    return Problem(name, line, column, "not_utf8", "not UTF-8 text; save the file as UTF-8", f"\\x{data[where]:02x}")

