"""One home for text utilities: dates, money, sentences, month and weekday names, and people's names in prose."""
