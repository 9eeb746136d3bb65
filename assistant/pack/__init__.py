"""The outgoing CSM's handoff pack: the note, the gap report and the debrief agenda, put together and rendered."""
