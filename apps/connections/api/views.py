"""JSON API views. Every queryset is scoped to the account of the API key (``request.auth``)."""

from __future__ import annotations

from django.db import transaction
from rest_framework import generics

from apps.accounts import audit
from apps.accounts.models import ZoomOAuthConnection

from ..services import disconnect_connection
from .pagination import ApiCursorPagination
from .serializers import ZoomOAuthConnectionSerializer


class AccountScopedConnectionMixin:
    required_role = "api"  # guarded by API keys (ApiKeyAuthentication), not session roles
    serializer_class = ZoomOAuthConnectionSerializer

    def get_queryset(self):
        return ZoomOAuthConnection.objects.filter(account=self.request.auth.account).select_related(
            "account"
        )


class ZoomOAuthConnectionList(AccountScopedConnectionMixin, generics.ListAPIView):
    """``GET /api/v1/zoom_oauth_connections``"""

    pagination_class = ApiCursorPagination


class ZoomOAuthConnectionDetail(AccountScopedConnectionMixin, generics.RetrieveDestroyAPIView):
    """``GET`` and ``DELETE /api/v1/zoom_oauth_connections/<id>``"""

    def perform_destroy(self, instance: ZoomOAuthConnection) -> None:
        api_key = self.request.auth
        actor_label = f"api key {api_key.prefix}"
        connection_id = instance.pk
        # Revokes the authorization at Zoom: a network call, so outside any transaction.
        disconnect_connection(instance, actor_label=actor_label)
        with transaction.atomic():
            ZoomOAuthConnection.objects.filter(pk=connection_id, account=api_key.account).delete()
            audit.record(
                action="connection.deleted",
                account=api_key.account,
                actor=None,
                actor_label=actor_label,
                target_type="connection",  # as disconnect_connection records it
                target_id=connection_id,
                target_label=str(instance.zoom_oauth_app),
                detail={"zoom_oauth_app_id": instance.zoom_oauth_app_id, "via": "api"},
            )
