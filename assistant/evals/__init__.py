"""Quality measurements (``handoff eval``): retrieval on QMSum now; notes, gaps and answers on golden data later."""
