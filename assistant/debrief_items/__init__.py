"""Closing the loop on gaps and debrief questions: stable ids, answers that become cited sources, dismissals."""
