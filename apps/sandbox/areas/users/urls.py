"""The users area's paths: api.zoom.us/v2 users, groups and roles, and the profile pictures."""

from __future__ import annotations

from django.urls import path

from apps.sandbox.rest import methods

from . import api, groups_roles_api, users_api

# GET/PATCH/DELETE /v2/users/{userId} and GET /v2/users/summary go through api.user_detail.
urlpatterns = [
    path("v2/users/<str:user_id>", api.user_detail, name="user-detail"),
    path("p/<str:user_id>", api.picture, name="picture"),
    path("v2/users", methods(GET=users_api.list_users, POST=users_api.create_user), name="users"),
    path("v2/users/<str:user_id>/status", methods(PUT=users_api.update_status), name="user-status"),
    path("v2/groups", methods(GET=groups_roles_api.list_groups), name="groups"),
    path(
        "v2/groups/<str:group_id>/members",
        methods(GET=groups_roles_api.group_members, POST=groups_roles_api.add_group_members),
        name="group-members",
    ),
    path(
        "v2/groups/<str:group_id>/members/<str:member_id>",
        methods(DELETE=groups_roles_api.remove_group_member),
        name="group-member",
    ),
    path("v2/roles", methods(GET=groups_roles_api.list_roles), name="roles"),
    path(
        "v2/roles/<str:role_id>/members",
        methods(GET=groups_roles_api.role_members, POST=groups_roles_api.assign_role),
        name="role-members",
    ),
    path(
        "v2/roles/<str:role_id>/members/<str:member_id>",
        methods(DELETE=groups_roles_api.unassign_role),
        name="role-member",
    ),
]
