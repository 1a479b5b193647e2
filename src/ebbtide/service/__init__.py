"""The service's public API: the use cases that all faces share.

Faces (CLI, web, server) import names from here only, never a submodule nor a layer
below (``lint-imports`` checks it). Each name is loaded from its home module on first
use, so importing this package costs nothing and a command pays only for what it calls
(the quick check-in stays quick). ``_HOME`` is the one table of names; the imports under
``TYPE_CHECKING`` repeat it for the type checker, and a test keeps the two in step.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ebbtide.config import (
        ENV_DB,
        day_start_hour,
        system_tz,
    )
    from ebbtide.demo import (
        generate as generate_demo_history,
    )
    from ebbtide.insights.model import (
        PHASES,
        InsightReport,
    )
    from ebbtide.instruments import (
        Instrument,
        parse_answers,
    )
    from ebbtide.interop.daylio import (
        template as daylio_template,
    )
    from ebbtide.interop.files import (
        atomic_write,
    )
    from ebbtide.reports.charts import (
        assessment_chart,
        person_trend_chart,
        relationship_map,
        solitude_chart,
        state_mix_chart,
        tide_chart,
    )
    from ebbtide.reports.compose import (
        compose as compose_report,
    )
    from ebbtide.reports.document import (
        INSIGHT_SECTIONS,
    )
    from ebbtide.reports.document import (
        SECTIONS as REPORT_SECTIONS,
    )
    from ebbtide.reports.redact import (
        Redactor,
    )
    from ebbtide.safety import (
        make_plan as make_safety_plan,
    )
    from ebbtide.safety.plan import (
        SECTIONS as SAFETY_PLAN_SECTIONS,
    )
    from ebbtide.safety.resources import (
        DIRECTORY as CRISIS_DIRECTORY,
    )
    from ebbtide.safety.resources import (
        EMERGENCY as EMERGENCY_LINE,
    )
    from ebbtide.safety.resources import (
        emergency_number,
    )
    from ebbtide.service.assessments import (
        assessment_history,
        get_instrument,
        list_instruments,
        take_assessment,
    )
    from ebbtide.service.away import (
        add_away,
        list_away,
        remove_away,
    )
    from ebbtide.service.calendar import (
        calendar_ics,
    )
    from ebbtide.service.capture import (
        Saved,
        add_boundary,
        add_checkin,
        add_contact,
        add_reflection,
        add_solitude,
        moment,
    )
    from ebbtide.service.cohort import (
        cohort_summary,
        export_cohort,
        run_cohort,
        write_summary_chart,
    )
    from ebbtide.service.context import (
        Context,
        UnknownSubject,
        open_context,
    )
    from ebbtide.service.dashboard import (
        state_mix,
    )
    from ebbtide.service.demo_data import (
        seed_demo,
        seed_history,
        seed_story,
    )
    from ebbtide.service.fast import (
        fast_checkin,
    )
    from ebbtide.service.fhir_export import (
        write_fhir_bundle,
    )
    from ebbtide.service.histories import (
        demo_db_for,
        ensure_demo,
        has_own_history,
        is_demo,
        start_own_history,
    )
    from ebbtide.service.hooks import (
        notices_for_text,
    )
    from ebbtide.service.insights import (
        KIND_LABELS,
        PHASE_LABELS,
        PHASE_MEANINGS,
        TREND_LABELS,
        cached,
        cached_insight_report,
        insight_report,
        kind_label,
        phase_label,
        trend_label,
    )
    from ebbtide.service.overview import (
        DaySummary,
        Today,
        Week,
        today,
        week,
    )
    from ebbtide.service.passive import (
        DEFAULT_GPS_DAYS,
        ImportSummary,
        Progress,
        confirm_home,
        has_phone_data,
        import_beiwe,
        import_csv,
        list_places,
        passive_days,
        phone_signals,
        purge_raw,
        set_phone_signals,
        write_features,
    )
    from ebbtide.service.passive_links import (
        HashedContact,
        link_contact,
        list_contacts,
        unlink_contact,
    )
    from ebbtide.service.people import (
        PersonSummary,
        UnknownPeopleError,
        add_person,
        delete_person,
        edit_person,
        get_person,
        list_people,
        merge_people,
        people_and_routine_names,
        people_names,
        unknown_people,
    )
    from ebbtide.service.person_detail import (
        person_detail as get_person_detail,
    )
    from ebbtide.service.plans import (
        add_routine,
        delete_routine,
        find_routine,
        list_routines,
        list_steps,
        plan_step,
        routine_done,
        routine_names,
        set_routine_active,
        step_done,
        step_notices,
        step_skip,
    )
    from ebbtide.service.present import (
        describe,
        entry_dict,
        person_dict,
        record_dict,
        routine_dict,
    )
    from ebbtide.service.protect import (
        backup,
        change_passphrase,
        check_backup,
        decrypt_store,
        encrypt_store,
        erase_all,
        forget,
        forget_plan,
        init_store,
        restore,
    )
    from ebbtide.service.records import (
        Entry,
        counts,
        day_entries,
        delete_entry,
        edit_entry,
        get_entry,
        log,
        one_read,
    )
    from ebbtide.service.report import (
        NOTE_KINDS,
        ReportOptions,
        assessments_between,
        build_report,
        gather,
        parse_note,
        parse_sections,
    )
    from ebbtide.service.safety import (
        clear_plan as clear_safety_plan,
    )
    from ebbtide.service.safety import (
        crisis_lines,
        get_region,
        help_notices,
        known_regions,
        set_region,
    )
    from ebbtide.service.safety import (
        get_plan as get_safety_plan,
    )
    from ebbtide.service.safety import (
        save_plan as save_safety_plan,
    )
    from ebbtide.service.safety import (
        update_plan as update_safety_plan,
    )
    from ebbtide.service.secrets import (
        ENV_PASSPHRASE,
        db_file,
        remember_passphrase,
        resolve_passphrase,
    )
    from ebbtide.service.therapy_sessions import (
        add_therapy_session,
        delete_therapy_session,
        list_therapy_sessions,
    )
    from ebbtide.service.transfer import (
        ImportOptions,
        NeedsConfirmation,
        export_csv,
        export_json,
        import_file,
    )
    from ebbtide.store.engine import (
        PassphraseNeeded,
        is_encrypted_file,
    )
    from ebbtide.store.private import (
        problem_in_words,
    )

_HOME: dict[str, tuple[str, str]] = {
    "CRISIS_DIRECTORY": ("ebbtide.safety.resources", "DIRECTORY"),
    "Context": ("ebbtide.service.context", "Context"),
    "DEFAULT_GPS_DAYS": ("ebbtide.service.passive", "DEFAULT_GPS_DAYS"),
    "DaySummary": ("ebbtide.service.overview", "DaySummary"),
    "EMERGENCY_LINE": ("ebbtide.safety.resources", "EMERGENCY"),
    "ENV_DB": ("ebbtide.config", "ENV_DB"),
    "ENV_PASSPHRASE": ("ebbtide.service.secrets", "ENV_PASSPHRASE"),
    "Entry": ("ebbtide.service.records", "Entry"),
    "INSIGHT_SECTIONS": ("ebbtide.reports.document", "INSIGHT_SECTIONS"),
    "ImportOptions": ("ebbtide.service.transfer", "ImportOptions"),
    "ImportSummary": ("ebbtide.service.passive", "ImportSummary"),
    "InsightReport": ("ebbtide.insights.model", "InsightReport"),
    "Instrument": ("ebbtide.instruments", "Instrument"),
    "KIND_LABELS": ("ebbtide.service.insights", "KIND_LABELS"),
    "NOTE_KINDS": ("ebbtide.service.report", "NOTE_KINDS"),
    "NeedsConfirmation": ("ebbtide.service.transfer", "NeedsConfirmation"),
    "PHASES": ("ebbtide.insights.model", "PHASES"),
    "PHASE_LABELS": ("ebbtide.service.insights", "PHASE_LABELS"),
    "PHASE_MEANINGS": ("ebbtide.service.insights", "PHASE_MEANINGS"),
    "PassphraseNeeded": ("ebbtide.store.engine", "PassphraseNeeded"),
    "PersonSummary": ("ebbtide.service.people", "PersonSummary"),
    "Progress": ("ebbtide.service.passive", "Progress"),
    "REPORT_SECTIONS": ("ebbtide.reports.document", "SECTIONS"),
    "Redactor": ("ebbtide.reports.redact", "Redactor"),
    "ReportOptions": ("ebbtide.service.report", "ReportOptions"),
    "SAFETY_PLAN_SECTIONS": ("ebbtide.safety.plan", "SECTIONS"),
    "Saved": ("ebbtide.service.capture", "Saved"),
    "TREND_LABELS": ("ebbtide.service.insights", "TREND_LABELS"),
    "Today": ("ebbtide.service.overview", "Today"),
    "UnknownPeopleError": ("ebbtide.service.people", "UnknownPeopleError"),
    "UnknownSubject": ("ebbtide.service.context", "UnknownSubject"),
    "Week": ("ebbtide.service.overview", "Week"),
    "add_away": ("ebbtide.service.away", "add_away"),
    "add_boundary": ("ebbtide.service.capture", "add_boundary"),
    "add_checkin": ("ebbtide.service.capture", "add_checkin"),
    "add_contact": ("ebbtide.service.capture", "add_contact"),
    "add_person": ("ebbtide.service.people", "add_person"),
    "add_reflection": ("ebbtide.service.capture", "add_reflection"),
    "add_routine": ("ebbtide.service.plans", "add_routine"),
    "add_solitude": ("ebbtide.service.capture", "add_solitude"),
    "add_therapy_session": ("ebbtide.service.therapy_sessions", "add_therapy_session"),
    "assessment_chart": ("ebbtide.reports.charts", "assessment_chart"),
    "assessment_history": ("ebbtide.service.assessments", "assessment_history"),
    "assessments_between": ("ebbtide.service.report", "assessments_between"),
    "atomic_write": ("ebbtide.interop.files", "atomic_write"),
    "backup": ("ebbtide.service.protect", "backup"),
    "build_report": ("ebbtide.service.report", "build_report"),
    "cached": ("ebbtide.service.insights", "cached"),
    "cached_insight_report": ("ebbtide.service.insights", "cached_insight_report"),
    "calendar_ics": ("ebbtide.service.calendar", "calendar_ics"),
    "change_passphrase": ("ebbtide.service.protect", "change_passphrase"),
    "check_backup": ("ebbtide.service.protect", "check_backup"),
    "clear_safety_plan": ("ebbtide.service.safety", "clear_plan"),
    "cohort_summary": ("ebbtide.service.cohort", "cohort_summary"),
    "compose_report": ("ebbtide.reports.compose", "compose"),
    "confirm_home": ("ebbtide.service.passive", "confirm_home"),
    "counts": ("ebbtide.service.records", "counts"),
    "crisis_lines": ("ebbtide.service.safety", "crisis_lines"),
    "day_entries": ("ebbtide.service.records", "day_entries"),
    "day_start_hour": ("ebbtide.config", "day_start_hour"),
    "daylio_template": ("ebbtide.interop.daylio", "template"),
    "db_file": ("ebbtide.service.secrets", "db_file"),
    "decrypt_store": ("ebbtide.service.protect", "decrypt_store"),
    "delete_entry": ("ebbtide.service.records", "delete_entry"),
    "delete_person": ("ebbtide.service.people", "delete_person"),
    "delete_routine": ("ebbtide.service.plans", "delete_routine"),
    "delete_therapy_session": ("ebbtide.service.therapy_sessions", "delete_therapy_session"),
    "demo_db_for": ("ebbtide.service.histories", "demo_db_for"),
    "describe": ("ebbtide.service.present", "describe"),
    "edit_entry": ("ebbtide.service.records", "edit_entry"),
    "edit_person": ("ebbtide.service.people", "edit_person"),
    "emergency_number": ("ebbtide.safety.resources", "emergency_number"),
    "encrypt_store": ("ebbtide.service.protect", "encrypt_store"),
    "ensure_demo": ("ebbtide.service.histories", "ensure_demo"),
    "entry_dict": ("ebbtide.service.present", "entry_dict"),
    "erase_all": ("ebbtide.service.protect", "erase_all"),
    "export_cohort": ("ebbtide.service.cohort", "export_cohort"),
    "export_csv": ("ebbtide.service.transfer", "export_csv"),
    "export_json": ("ebbtide.service.transfer", "export_json"),
    "fast_checkin": ("ebbtide.service.fast", "fast_checkin"),
    "find_routine": ("ebbtide.service.plans", "find_routine"),
    "forget": ("ebbtide.service.protect", "forget"),
    "forget_plan": ("ebbtide.service.protect", "forget_plan"),
    "gather": ("ebbtide.service.report", "gather"),
    "generate_demo_history": ("ebbtide.demo", "generate"),
    "get_entry": ("ebbtide.service.records", "get_entry"),
    "get_instrument": ("ebbtide.service.assessments", "get_instrument"),
    "get_person": ("ebbtide.service.people", "get_person"),
    "get_person_detail": ("ebbtide.service.person_detail", "person_detail"),
    "get_region": ("ebbtide.service.safety", "get_region"),
    "get_safety_plan": ("ebbtide.service.safety", "get_plan"),
    "has_own_history": ("ebbtide.service.histories", "has_own_history"),
    "has_phone_data": ("ebbtide.service.passive", "has_phone_data"),
    "help_notices": ("ebbtide.service.safety", "help_notices"),
    "import_beiwe": ("ebbtide.service.passive", "import_beiwe"),
    "import_csv": ("ebbtide.service.passive", "import_csv"),
    "import_file": ("ebbtide.service.transfer", "import_file"),
    "init_store": ("ebbtide.service.protect", "init_store"),
    "insight_report": ("ebbtide.service.insights", "insight_report"),
    "is_demo": ("ebbtide.service.histories", "is_demo"),
    "is_encrypted_file": ("ebbtide.store.engine", "is_encrypted_file"),
    "kind_label": ("ebbtide.service.insights", "kind_label"),
    "known_regions": ("ebbtide.service.safety", "known_regions"),
    "list_away": ("ebbtide.service.away", "list_away"),
    "list_instruments": ("ebbtide.service.assessments", "list_instruments"),
    "list_people": ("ebbtide.service.people", "list_people"),
    "list_places": ("ebbtide.service.passive", "list_places"),
    "list_contacts": ("ebbtide.service.passive_links", "list_contacts"),
    "link_contact": ("ebbtide.service.passive_links", "link_contact"),
    "unlink_contact": ("ebbtide.service.passive_links", "unlink_contact"),
    "HashedContact": ("ebbtide.service.passive_links", "HashedContact"),
    "list_routines": ("ebbtide.service.plans", "list_routines"),
    "list_steps": ("ebbtide.service.plans", "list_steps"),
    "list_therapy_sessions": ("ebbtide.service.therapy_sessions", "list_therapy_sessions"),
    "log": ("ebbtide.service.records", "log"),
    "one_read": ("ebbtide.service.records", "one_read"),
    "make_safety_plan": ("ebbtide.safety", "make_plan"),
    "merge_people": ("ebbtide.service.people", "merge_people"),
    "moment": ("ebbtide.service.capture", "moment"),
    "notices_for_text": ("ebbtide.service.hooks", "notices_for_text"),
    "open_context": ("ebbtide.service.context", "open_context"),
    "parse_answers": ("ebbtide.instruments", "parse_answers"),
    "parse_note": ("ebbtide.service.report", "parse_note"),
    "parse_sections": ("ebbtide.service.report", "parse_sections"),
    "people_and_routine_names": ("ebbtide.service.people", "people_and_routine_names"),
    "people_names": ("ebbtide.service.people", "people_names"),
    "person_dict": ("ebbtide.service.present", "person_dict"),
    "phase_label": ("ebbtide.service.insights", "phase_label"),
    "passive_days": ("ebbtide.service.passive", "passive_days"),
    "phone_signals": ("ebbtide.service.passive", "phone_signals"),
    "plan_step": ("ebbtide.service.plans", "plan_step"),
    "problem_in_words": ("ebbtide.store.private", "problem_in_words"),
    "purge_raw": ("ebbtide.service.passive", "purge_raw"),
    "record_dict": ("ebbtide.service.present", "record_dict"),
    "person_trend_chart": ("ebbtide.reports.charts", "person_trend_chart"),
    "relationship_map": ("ebbtide.reports.charts", "relationship_map"),
    "remember_passphrase": ("ebbtide.service.secrets", "remember_passphrase"),
    "remove_away": ("ebbtide.service.away", "remove_away"),
    "resolve_passphrase": ("ebbtide.service.secrets", "resolve_passphrase"),
    "restore": ("ebbtide.service.protect", "restore"),
    "routine_dict": ("ebbtide.service.present", "routine_dict"),
    "routine_done": ("ebbtide.service.plans", "routine_done"),
    "routine_names": ("ebbtide.service.plans", "routine_names"),
    "run_cohort": ("ebbtide.service.cohort", "run_cohort"),
    "save_safety_plan": ("ebbtide.service.safety", "save_plan"),
    "seed_demo": ("ebbtide.service.demo_data", "seed_demo"),
    "seed_history": ("ebbtide.service.demo_data", "seed_history"),
    "seed_story": ("ebbtide.service.demo_data", "seed_story"),
    "set_phone_signals": ("ebbtide.service.passive", "set_phone_signals"),
    "set_region": ("ebbtide.service.safety", "set_region"),
    "set_routine_active": ("ebbtide.service.plans", "set_routine_active"),
    "solitude_chart": ("ebbtide.reports.charts", "solitude_chart"),
    "start_own_history": ("ebbtide.service.histories", "start_own_history"),
    "state_mix": ("ebbtide.service.dashboard", "state_mix"),
    "state_mix_chart": ("ebbtide.reports.charts", "state_mix_chart"),
    "step_done": ("ebbtide.service.plans", "step_done"),
    "step_notices": ("ebbtide.service.plans", "step_notices"),
    "step_skip": ("ebbtide.service.plans", "step_skip"),
    "system_tz": ("ebbtide.config", "system_tz"),
    "take_assessment": ("ebbtide.service.assessments", "take_assessment"),
    "tide_chart": ("ebbtide.reports.charts", "tide_chart"),
    "today": ("ebbtide.service.overview", "today"),
    "trend_label": ("ebbtide.service.insights", "trend_label"),
    "unknown_people": ("ebbtide.service.people", "unknown_people"),
    "update_safety_plan": ("ebbtide.service.safety", "update_plan"),
    "week": ("ebbtide.service.overview", "week"),
    "write_features": ("ebbtide.service.passive", "write_features"),
    "write_fhir_bundle": ("ebbtide.service.fhir_export", "write_fhir_bundle"),
    "write_summary_chart": ("ebbtide.service.cohort", "write_summary_chart"),
}

__all__ = [
    "CRISIS_DIRECTORY",
    "DEFAULT_GPS_DAYS",
    "EMERGENCY_LINE",
    "ENV_DB",
    "ENV_PASSPHRASE",
    "INSIGHT_SECTIONS",
    "KIND_LABELS",
    "NOTE_KINDS",
    "PHASES",
    "PHASE_LABELS",
    "PHASE_MEANINGS",
    "REPORT_SECTIONS",
    "SAFETY_PLAN_SECTIONS",
    "TREND_LABELS",
    "Context",
    "DaySummary",
    "Entry",
    "HashedContact",
    "ImportOptions",
    "ImportSummary",
    "InsightReport",
    "Instrument",
    "NeedsConfirmation",
    "PassphraseNeeded",
    "PersonSummary",
    "Progress",
    "Redactor",
    "ReportOptions",
    "Saved",
    "Today",
    "UnknownPeopleError",
    "UnknownSubject",
    "Week",
    "add_away",
    "add_boundary",
    "add_checkin",
    "add_contact",
    "add_person",
    "add_reflection",
    "add_routine",
    "add_solitude",
    "add_therapy_session",
    "assessment_chart",
    "assessment_history",
    "assessments_between",
    "atomic_write",
    "backup",
    "build_report",
    "cached",
    "cached_insight_report",
    "calendar_ics",
    "change_passphrase",
    "check_backup",
    "clear_safety_plan",
    "cohort_summary",
    "compose_report",
    "confirm_home",
    "counts",
    "crisis_lines",
    "day_entries",
    "day_start_hour",
    "daylio_template",
    "db_file",
    "decrypt_store",
    "delete_entry",
    "delete_person",
    "delete_routine",
    "delete_therapy_session",
    "demo_db_for",
    "describe",
    "edit_entry",
    "edit_person",
    "emergency_number",
    "encrypt_store",
    "ensure_demo",
    "entry_dict",
    "erase_all",
    "export_cohort",
    "export_csv",
    "export_json",
    "fast_checkin",
    "find_routine",
    "forget",
    "forget_plan",
    "gather",
    "generate_demo_history",
    "get_entry",
    "get_instrument",
    "get_person",
    "get_person_detail",
    "get_region",
    "get_safety_plan",
    "has_own_history",
    "has_phone_data",
    "help_notices",
    "import_beiwe",
    "import_csv",
    "import_file",
    "init_store",
    "insight_report",
    "is_demo",
    "is_encrypted_file",
    "kind_label",
    "known_regions",
    "link_contact",
    "list_away",
    "list_contacts",
    "list_instruments",
    "list_people",
    "list_places",
    "list_routines",
    "list_steps",
    "list_therapy_sessions",
    "log",
    "make_safety_plan",
    "merge_people",
    "moment",
    "notices_for_text",
    "one_read",
    "open_context",
    "parse_answers",
    "parse_note",
    "parse_sections",
    "passive_days",
    "people_and_routine_names",
    "people_names",
    "person_dict",
    "person_trend_chart",
    "phase_label",
    "phone_signals",
    "plan_step",
    "problem_in_words",
    "purge_raw",
    "record_dict",
    "relationship_map",
    "remember_passphrase",
    "remove_away",
    "resolve_passphrase",
    "restore",
    "routine_dict",
    "routine_done",
    "routine_names",
    "run_cohort",
    "save_safety_plan",
    "seed_demo",
    "seed_history",
    "seed_story",
    "set_phone_signals",
    "set_region",
    "set_routine_active",
    "solitude_chart",
    "start_own_history",
    "state_mix",
    "state_mix_chart",
    "step_done",
    "step_notices",
    "step_skip",
    "system_tz",
    "take_assessment",
    "tide_chart",
    "today",
    "trend_label",
    "unknown_people",
    "unlink_contact",
    "update_safety_plan",
    "week",
    "write_features",
    "write_fhir_bundle",
    "write_summary_chart",
]


if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        """Load a public name from its home module (not cached, so patching it there works)."""
        try:
            module, attr = _HOME[name]
        except KeyError:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
        return getattr(importlib.import_module(module), attr)
