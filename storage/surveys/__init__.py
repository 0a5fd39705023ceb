"""Questionnaire versions, surveys, responses and the turn's hot path."""
