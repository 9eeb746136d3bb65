"""The account model of a stored account, built once per account revision and shared by every caller."""

from __future__ import annotations

from datetime import date

from assistant.account.model import AccountModel
from assistant.account.competitors import build_competitors
from assistant.account.criteria import build_success_criteria
from assistant.account.people import build_people
from assistant.account.preferences import build_preferences
from assistant.account.requests import build_requests
from assistant.account.record_values import build_debrief_answers, build_record_values
from assistant.account.terms import build_terms
from assistant.platform.context import Context
from assistant.facts.commitments import commitments
from assistant.facts.material import AccountMaterial, build_material
from assistant.platform.lru import LruCache
from assistant.store.documents import account_revision, load_documents

# By (store, account, revision): building reads every document of the account, which callers would otherwise
# repeat on every question and page view.
_MODELS: LruCache[AccountModel] = LruCache(128)


def account_model(context: Context, account_id: str) -> AccountModel:
    account = context.account_access(account_id)  # access is checked before anything cached is read
    with context.db.session() as session:
        key = (context.settings.resolved_database_url, account_id, account_revision(session, account))

    def build() -> AccountModel:
        with context.db.session() as session:
            return model_of(build_material(account_id, list(load_documents(session, account).values())))

    return _MODELS.get_or_compute(key, build)


def model_of(material: AccountMaterial) -> AccountModel:
    people, holdings = build_people(material)
    return AccountModel(account_id=material.account_id, people=people, holdings=holdings,
                        preferences=build_preferences(material, people), requests=build_requests(material),
                        commitments=commitments(material, date.max), terms=build_terms(material),
                        competitors=build_competitors(material, people),
                        success_criteria=build_success_criteria(material),
                        record_values=build_record_values(material),
                        debrief_answers=build_debrief_answers(material))
