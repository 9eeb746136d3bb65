"""Evidence in, checked citations out: retrieval, the evidence budget, untrusted-text safety, citation checks, cited passages read back, and the versioned prompts."""
