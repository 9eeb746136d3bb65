"""The transition note: template, evidence per section, generation, citation checks, storage and rendering."""
