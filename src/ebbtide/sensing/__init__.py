"""Pure summaries of passive phone data (calls, texts, GPS): imports only ``domain``."""
