"""What alumni read, in English: the same keys and params as the Indonesian catalogue."""

from __future__ import annotations

CATALOGUE: dict[str, str] = {
    "consent_prompt": "Type YES to agree, or NO if you'd rather not take part.",
    "completed": "Thank you! Your answers have been sent. 🙏",
    "declined": "All right, no problem. Thank you for your time.",
    "stopped": (
        "OK, we'll stop here. We won't send you any more reminders. "
        "Type CONTINUE any time to pick up where you left off."
    ),
    "restarted": "All answers are cleared. Let's start again from the beginning.",
    "data_erased": (
        "All your answers have been deleted. You won't receive any more reminders. "
        "Type CONTINUE if you ever want to fill it in again."
    ),
    "language_changed": "OK, we'll continue in English.",
    "hint_single": "Reply with a number 1–{count}.",
    "hint_multiple": (
        "Reply with numbers 1–{count}. You can pick more than one: separate them with commas, "
        "e.g. 1,3."
    ),
    "hint_rating": "Reply with a number {min}–{max}.",
    "hint_rating_labels": "Reply with a number {min}–{max} ({ends}).",
    "hint_text": "Type your answer.",
    "hint_integer": "Reply with a number, e.g. 12.",
    "hint_integer_range": "Reply with a number {min}–{max}.",
    "hint_money": "Type an amount in rupiah, e.g. 3500000 or 3.5 million.",
    "hint_date": "Type a date, e.g. 17-08-2024 or 17 August 2024.",
    "hint_month": "Type a month and year, e.g. 08-2024 or August 2024.",
    "hint_phone": "Type your phone number, e.g. 081234567890.",
    "hint_email": "Type your email address, e.g. name@gmail.com.",
    "hint_place_province": "Reply with a number 1–{count}, or write the province's name.",
    "hint_place_regency": "Type the regency or city, e.g. Kota Banjarmasin.",
    "place_which": "Which one do you mean?",
    "hint_optional": "Type SKIP to skip this question.",
    "hint_other": "Please tell us what you mean by “{choice}”:",
    "hint_selected": "Selected so far: {selected}.",
    "current_answer": "Current answer: {answer}. Type a new answer to change it.",
    "answer_recorded": "Saved: {answer}",
    "confirm_answer": "Did you mean {answer}?",
    "confirm_answer_hint": "Reply 1 if that is right, or 2 to type it again.",
    "confirm_known": "{field}: {answer} — is that right?",
    "known_name": "Your name",
    "known_nisn": "Your NISN",
    "known_birth_date": "Your date of birth",
    "known_graduation_year": "Your graduation year",
    "known_programme": "Your programme",
    "known_class": "Your class",
    "known_phone": "Your mobile number",
    "confirm_answer_declined": (
        "All right. Please type the amount again with its unit, e.g. 4,5 juta, "
        "or with Rp if that is the exact amount, e.g. Rp 4.500."
    ),
    "answer_skipped": "Skipped.",
    "answers_dropped": "These answers were removed because they no longer apply: {questions}.",
    "review_title": "Please check your answers:",
    "review_title_partial": "Your answers so far:",
    "review_empty": "(no answers yet)",
    "review_footer": "Type SUBMIT to send, or EDIT <number> to change an answer, e.g. EDIT 2.",
    "button_yes": "Yes, I agree",
    "button_yes_short": "Yes",
    "button_no": "No",
    "button_done": "Done",
    "button_skip": "Skip",
    "button_back": "Back",
    "button_submit": "Submit",
    "button_start_survey": "Start the survey",
    "button_edit": "Edit {number}",
    "help": "Commands you can type at any time:",
    "help_back": "go back to the previous question",
    "help_skip": "skip a question that is not required",
    "help_edit": "change the answer with that number, e.g. EDIT 2",
    "help_review": "see all your answers",
    "help_restart": "clear all answers and start again",
    "help_stop": "stop for now (no more reminders)",
    "help_delete_data": "delete all your answers and stop all reminders",
    "help_continue": "continue with the last question",
    "help_language": "switch language (Indonesia / English)",
    "help_submit": "send your answers after checking them",
    "help_help": "show this message",
    "stale_button": "That button is no longer valid. Please carry on from here:",
    "at_first_question": "This is already the first question.",
    "cannot_skip_required": "This question is required, so it can't be skipped.",
    "review_incomplete": (
        "There are {remaining} more questions. Type CONTINUE to go on, "
        "or EDIT <number> to change an answer."
    ),
    "submit_incomplete": "Your answers can't be sent yet: {remaining} more questions to go.",
    "edit_unknown": "That number isn't in your answers. Type EDIT and the number, e.g. EDIT 2.",
    "command_not_available": "That command can't be used right now.",
    "confirm_restart": "Clear all answers and start again? Type YES or NO.",
    "confirm_delete": (
        "All your answers will be deleted and you won't receive any more reminders. "
        "Type YES to delete them, or NO to cancel."
    ),
    "delete_cancelled": "OK, nothing has been deleted.",
    "stopped_hint": "The questionnaire is paused. Type CONTINUE any time to pick it up again.",
    "already_completed": "Your answers have already been sent. Thank you!",
    "declined_final": "You chose not to take part. Thank you for your time.",
    "language_not_available": "That language isn't available. Options: {languages}.",
    "consent_not_understood": (
        "Sorry, I didn't understand. Type YES to agree, or NO if you'd rather not take part."
    ),
    "yes_no_not_understood": "Sorry, I didn't understand. Type YES or NO.",
    "review_not_understood": (
        "Sorry, I didn't understand. Type SUBMIT to send your answers, "
        "or EDIT <number> to change one, e.g. EDIT 2."
    ),
    "answer_not_understood": "Sorry, I couldn't read that. Please try writing it another way.",
    "text_empty": "The answer is empty. Please type your answer.",
    "text_too_short": "That's too short. Please write at least {min} characters.",
    "text_too_long": "That's too long. Please write at most {max} characters.",
    "text_pattern": "That doesn't look like the expected format. Please check it.",
    "number_too_small": "That number is too small. The minimum is {min}.",
    "number_too_large": "That number is too large. The maximum is {max}.",
    "money_too_small": "That amount is too small. The minimum is {min}.",
    "money_too_large": "That amount is too large (at most {max}). Please check the number.",
    "rating_not_understood": "Sorry, I couldn't read that. Reply with a number {min} to {max}.",
    "rating_out_of_range": "The scale only goes from {min} to {max}. Reply with one of those.",
    "choose_at_least_one": "Choose at least one answer first, then press Done.",
    "choices_too_few": "Please choose at least {min} answers.",
    "choices_too_many": "Please choose at most {max} answers.",
    "choice_exclusive": "“{choice}” can't be combined with other options. Please pick just one.",
    # --- Place questions (placing.PLACE_KEYS) ---------------------------------------------------
    "province_not_found": (
        "Sorry, I couldn't find that province. Reply with a number 1–{count}, "
        "or write its name, e.g. Jawa Timur."
    ),
    "place_not_found": (
        "Sorry, I couldn't find that regency or city. Check the spelling, e.g. Kota Banjarmasin."
    ),
    "place_not_found_in": (
        "Sorry, I couldn't find that regency or city in {province}. Check the spelling, "
        "or type BACK to change the province."
    ),
    "place_elsewhere": (
        "{place} is in {province}. Write a regency or city in the province you chose, "
        "or type BACK to change the province."
    ),
    "confirm_place_declined": "All right. Please write the name again, e.g. Kota Banjarmasin.",
    "not_a_number": "Sorry, I couldn't read that. Reply with a number, e.g. 12.",
    "not_integer": "Please type a whole number, without decimals, e.g. 12.",
    "integer_ambiguous": "Please type just one number, e.g. 12.",
    "integer_unit_not_expected": (
        "Please type just the number, without years, months or weeks, e.g. 12."
    ),
    "integer_too_large": "That number is too large. Please check it.",
    "money_not_understood": (
        "Sorry, I couldn't read that. Type an amount in rupiah, e.g. 3500000 or 3.5 million."
    ),
    "money_negative": "The amount can't be negative. Type an amount in rupiah, e.g. 3500000.",
    "money_ambiguous": (
        "Please type one amount, not a range. In rupiah, e.g. 3500000 or 3.5 million."
    ),
    "money_needs_unit": (
        "Did you mean {number} thousand or {number} million? Add the unit, e.g. {number} thousand."
    ),
    "money_foreign_currency": (
        "Please answer in rupiah. If you're paid in another currency, "
        "give a rough amount in rupiah, e.g. 8 million."
    ),
    "date_not_understood": (
        "Sorry, I couldn't read that date. Type day, month and year, "
        "e.g. 17-08-2024 or 17 August 2024."
    ),
    "date_invalid": "{value} isn't a date on the calendar. Please check it, e.g. 17-08-2024.",
    "month_not_understood": (
        "Sorry, I couldn't read that month. Type month and year, e.g. 08-2024 or August 2024."
    ),
    "month_needs_year": "Which year? Type the month and the year, e.g. {month}-2024.",
    "phone_invalid": (
        "That phone number doesn't look right. Type the full number, e.g. 081234567890."
    ),
    "phone_letter": (
        "There is a letter “{letter}” in that number. A phone number is digits only "
        "(the letter O is not the digit 0), e.g. 081234567890."
    ),
    "phone_too_short": (
        "That number is missing digits: an Indonesian mobile number has {min}–{max} digits. "
        "Type the full number, e.g. 081234567890."
    ),
    "phone_too_long": (
        "That number has too many digits: an Indonesian mobile number has {min}–{max} digits. "
        "Type just one number, e.g. 081234567890."
    ),
    "phone_landline": (
        "That is a landline number. Type a mobile number that gets WhatsApp, e.g. 081234567890."
    ),
    "email_invalid": "That email address doesn't look right. Example: name@gmail.com.",
    "choice_not_understood": "Sorry, I couldn't read that choice. Reply with a number 1–{count}.",
    "choice_out_of_range": "There are only options 1–{count}. Reply with one of those numbers.",
    "choice_ambiguous": (
        "That matches more than one option: {options}. Reply with its number ({numbers})."
    ),
    "choice_part_not_understood": (
        "I couldn't read “{part}”. Reply with numbers 1–{count}, separated by commas, e.g. 1,3."
    ),
    "choice_part_out_of_range": "“{part}” isn't on the list. Options are 1–{count}, e.g. 1,3.",
    "choice_part_ambiguous": (
        "“{part}” matches more than one option: {options}. Reply with its number ({numbers})."
    ),
    # --- Telegram: finding who is writing ------------------------------------------------------
    "tg_ask_nisn": "Hi! To start the tracer study, type {yours_shape}.",
    "tg_nisn_invalid": "{rule}. Please type it again.",
    "tg_ask_birth_date": "Thank you. Now type your date of birth, e.g. 17-08-2007.",
    "tg_birth_date_invalid": "I couldn't read that date. Write it like 17-08-2007.",
    "tg_identity_failed": (
        "Sorry, that {identifier} and date of birth don't match the alumni list. "
        "Please check them and type {yours}."
    ),
    "tg_identity_locked": (
        "Too many attempts that didn't match. Try again in {minutes} minutes, or contact {office}."
    ),
    "tg_identity_locked_wait": (
        "Too many attempts that didn't match these details. Try again in {wait}. If you have "
        "your personal invitation link, just open it, or contact {office}."
    ),
    "wait_minutes": "{count} minutes",
    "wait_hours": "{count} hours",
    "wait_days": "{count} days",
    "tg_confirm_identity": "Are you {name}?",
    "hint_yes_no": "Type YES or NO.",
    "tg_identity_denied": (
        "All right. Type {yours} once more, or contact {office} if the data is wrong."
    ),
    "tg_invitation_invalid": "This invitation link is not valid. Type {yours} to start.",
    "tg_invitation_expired": (
        "This invitation link has expired: its survey has closed. Thank you! If another survey "
        "is open for you, type {yours}, then your date of birth."
    ),
    "tg_invitation_check_birth_date": (
        "This link has already been opened in another chat. To make sure it is you, type your "
        "date of birth, e.g. 17-08-2007."
    ),
    "tg_invitation_birth_date_failed": (
        "That date of birth does not match the owner of this link. Type it again, or ask "
        "{office} for a new link."
    ),
    "tg_invitation_taken": (
        "This link is already in use in another chat. If it is yours, ask {office} for a new link."
    ),
    "tg_no_open_survey": "There is no survey open for you right now. Thank you!",
    "tg_media_not_supported": (
        "Sorry, I can only read text messages. Type your answer or choose a button."
    ),
    "tg_edited_ignored": "I don't read edited messages. Send the answer as a new message.",
    "tg_group_not_supported": "To answer the survey, chat with me privately, not in a group.",
    "tg_unknown_command": "I don't know that command. Type HELP to see the commands.",
    # Any channel: the message could not be handled (the database refused it); nothing was kept.
    "try_again": (
        "Sorry, something went wrong and your message was not saved. Please send it again."
    ),
    # Reminders from the scheduler and staff resends (Telegram and WhatsApp alike).
    "reminder_start": (
        "Hello {name}, {institution} is waiting for your answers to {survey}. "
        "Type CONTINUE to begin, or STOP if you want no more reminders."
    ),
    "reminder_continue": (
        "Hello {name}, {answered} of your answers to {survey} are saved. "
        "Type CONTINUE to carry on, or STOP if you want no more reminders."
    ),
    # WhatsApp: the sender's number is on the roster; the birth date confirms it is them.
    "wa_ask_birth_date_phone": (
        "Hello! This number is registered as an alumnus of {institution}. "
        "To make sure, type your birth date, e.g. 17-08-2007."
    ),
    "wa_phone_birth_date_failed": (
        "That birth date does not match our records. Type {yours_shape} to try again."
    ),
    "wa_media_not_supported": "I can only read text messages. Please type your answer.",
    "wa_number_opted_out": (
        "All right, we will not write to this number again. If you are an alumnus and want to "
        "take part in the tracer study later, send any message to this number."
    ),
    "wa_invitation": (
        "Hello {name}, {institution} invites you to answer {survey}. "
        "Type CONTINUE to begin, or STOP if you do not want to be contacted."
    ),
    # --- #17 parents: a parent's or guardian's number, asked to pass on the link ---
    "wa_parent": (
        "Dear parent, this is {institution}. Please pass this alumni survey link on to "
        "{name}: {link}\n"
        "Not {name}'s parent? Reply WRONG NUMBER. To stop, reply STOP."
    ),
    "wa_parent_wrong_number": (
        "We are sorry for the trouble, and thank you for letting us know. We will not write to "
        "this number again."
    ),
    "wa_parent_stopped": (
        "All right, thank you. We will not write to this number again. Sorry for the trouble."
    ),
    # --- #17 link: class links and posters in grade XII (bot/alumni/linking.py) ---
    "link_class_welcome": (
        "Hello, student of {name} at {institution}! Link this chat to your record."
    ),
    "link_class_invalid": (
        "This class link is no longer valid (your homeroom teacher made a new one). No matter: "
        "you can still sign up here."
    ),
    "link_ask_consent": (
        "Thank you, this chat is linked. After you graduate, {institution} will ask what you do "
        "(work, study, business). May we contact you then?"
    ),
    "link_ask_consent_again": "May we contact you after you graduate? Answer YES or NO.",
    "link_consent_declined": (
        "All right, we will not contact you about the tracer study. If you change your mind, "
        "send any message to this chat."
    ),
    "link_ask_own_number": (
        "Is this number, {phone}, your own, one you will keep after graduation?"
    ),
    "link_ask_number": (
        "Thank you! Type your own WhatsApp number, one you will keep after graduation "
        "(for example 081234567890), or type SKIP."
    ),
    "link_ask_other_number": (
        "All right. Type your own WhatsApp number, one you will keep after graduation "
        "(for example 081234567890), or type SKIP."
    ),
    "link_number_hint": "Type your WhatsApp number, for example 081234567890, or SKIP.",
    "link_thanks": "Thank you, everything is saved!",
    "link_already": "This chat is linked and your details are complete. Thank you!",
    "link_waiting": "This chat is linked. Thank you!",
    "link_survey_opens": "The survey for your cohort opens on {date}; we will greet you here.",
    "link_after_graduation": "We will write to you here after you graduate.",
    "poster_title": "Alumni tracer study: sign up before you graduate",
    "poster_step_scan": (
        "Scan this QR code with your phone's camera (or open the link) in Telegram."
    ),
    "poster_step_identify": "Type your NISN, then your birth date (for example 17-08-2007).",
    "poster_step_agree": (
        "Agree to be contacted after graduation, and give the WhatsApp number you will keep."
    ),
    "poster_footer": (
        "Your school uses your details only for the tracer study; you can stop at any time."
    ),
    # --- #17 opening: the first message when a survey opens ---
    "survey_open": (
        "Hello {name}, {institution}'s {survey} is now open; it takes a few minutes. "
        "Type CONTINUE to begin, or STOP if you do not want to be contacted."
    ),
    # --- #17 checkin: the yearly "is this still your number?" (bot/alumni/checkin.py) ---
    "checkin": (
        "Hello {name}, {institution} would like to stay in touch. Is your WhatsApp number "
        "still the one you gave us?"
    ),
    "checkin_whatsapp": (
        "Hello {name}, {institution} would like to stay in touch. Still your number? "
        "Reply YES, CHANGE (a new number), or STOP."
    ),
    "checkin_button_yes": "Yes, still",
    "checkin_button_change": "New number",
    "checkin_button_stop": "Stop",
    "checkin_repeat": (
        "Is your WhatsApp number still the same? Reply YES if it is, CHANGE to give a new "
        "number, or STOP."
    ),
    "checkin_confirmed": "Thank you! We keep your number as it is.",
    "checkin_ask_number": "Please type your new WhatsApp number, e.g. 0812 3456 7890.",
    "checkin_number_saved": "Thank you! Your new number, {phone}, is saved.",
    "checkin_bad_number": "Or reply YES if the old number is still in use.",
    "checkin_stopped": "All right, we will not contact you again. Thank you for your time.",
}
