"""Tracer-study indicators: which questions feed them (declarations) and the figures (figures).

Nothing is imported here: conversations.questionnaire imports the declarations, and figures
imports the questionnaire, so this package must not pull either in on its own.
"""
