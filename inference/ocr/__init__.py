"""Document OCR: text lines from an engine, turned into validated, boxed fields.

``prepare`` takes a red seal off a grey photocopy and restores a faded copy's
contrast; ``engine`` reads text lines (RapidOCR with the PP-OCR models inside its
wheel, detection by their int8 copy in ``text_detector``); ``regions`` cuts an
image holding two cards (or both sides) into one region per card; ``orientation``
puts each region's lines upright; ``kinds`` names the document and ``refuse``
turns away a page that is not what it claims; ``extract`` turns lines into
``fields.Field`` values with their confidence and box (ID cards also by position:
``extract.id_layout``); ``validate`` and ``crosscheck`` are pure checks;
``privacy`` masks what a role need not see; ``pipeline`` joins them.
"""
