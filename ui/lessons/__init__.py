"""The lessons' own code: one module (or package) per lesson, holding its figures and logic."""
