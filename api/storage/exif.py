"""EXIF GPS: read the position, and take it out of the stored file.

A photo's position says where the customer was; the service keeps it only as a claim field, and
only with their consent. The rest of the EXIF (capture time, used by the fraud signals) stays.
A JPEG loses its GPS without being re-encoded: its EXIF segment is rewritten and XMP packets
(which may repeat the position) are dropped; the compressed image data is copied byte for byte.
"""

from __future__ import annotations

from PIL import Image

from api.storage.errors import CorruptImage

GPS_IFD = 0x8825
_LAT_REF, _LAT, _LON_REF, _LON = 1, 2, 3, 4
_EXIF_HEADER = b"Exif\x00\x00"
_XMP_HEADER = b"http://ns.adobe.com/xap/1.0/"
_APP0, _APP1, _SOS, _EOI = 0xE0, 0xE1, 0xDA, 0xD9
_MAX_SEGMENT = 0xFFFF - 2


def has_gps(exif: Image.Exif) -> bool:
    return GPS_IFD in exif


def gps_position(exif: Image.Exif) -> tuple[float, float] | None:
    """(latitude, longitude) in signed decimal degrees, or None if absent or unreadable."""
    gps = exif.get_ifd(GPS_IFD)
    try:
        lat = _degrees(gps[_LAT]) * (-1 if str(gps.get(_LAT_REF, "N")).upper().startswith("S") else 1)
        lon = _degrees(gps[_LON]) * (-1 if str(gps.get(_LON_REF, "E")).upper().startswith("W") else 1)
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return round(lat, 6), round(lon, 6)


def _degrees(dms: object) -> float:
    degrees, minutes, seconds = (float(v) for v in dms)  # type: ignore[attr-defined]
    return degrees + minutes / 60 + seconds / 3600


def without_gps(exif: Image.Exif) -> Image.Exif:
    """A copy of ``exif`` without its GPS directory."""
    copy = Image.Exif()
    copy.load(exif.tobytes())
    copy.pop(GPS_IFD, None)
    return copy


def jpeg_without_gps(data: bytes, exif: Image.Exif) -> bytes:
    """``data`` with its EXIF segment replaced by ``exif`` minus GPS and its XMP packets dropped;
    every other segment and the entropy-coded image data are copied unchanged."""
    kept = without_gps(exif)
    payload = kept.tobytes()
    if not payload.startswith(_EXIF_HEADER):
        payload = _EXIF_HEADER + payload
    fits = len(kept) > 0 and len(payload) <= _MAX_SEGMENT
    new_exif = b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload if fits else b""
    out, pos, inserted = bytearray(data[:2]), 2, False
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise CorruptImage("The JPEG's segments could not be read.")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (_SOS, _EOI):
            break
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        segment = data[pos : pos + 2 + length]
        body = segment[4:]
        if not inserted and marker != _APP0:
            out += new_exif
            inserted = True
        if not (marker == _APP1 and (body.startswith(_EXIF_HEADER) or body.startswith(_XMP_HEADER))):
            out += segment
        pos += 2 + length
    if not inserted:
        out += new_exif
    out += data[pos:]
    return bytes(out)
