"""`ebbtide report`: a summary the person chooses to share with their therapist."""

from __future__ import annotations
