from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "apps.users"
    label = "users"
    urls = (("users/", "apps.users.urls"),)

    def ready(self) -> None:
        from apps.jobs import pages
        from apps.lib import navigation
        from apps.mirror import registry

        from . import bulk, sync  # noqa: F401  (register the job handlers)
        from .models import ZoomUser

        registry.register(registry.Resource(name="users", label="Users", kind="sync.users", model=ZoomUser,
                                            alongside=("sync.groups",)))
        # The groups' names come with a full sync, beside the events, off their critical path.
        registry.follow("sync.groups", after="sync.users")
        navigation.register(navigation.Section("Users", "users:list", "read", order=40))
        pages.register(bulk.BULK_KIND, "Bulk change of users", "users:job")
        pages.register(bulk.IMPORT_KIND, "Users import", "users:job")
        pages.register("sync.groups", "Groups sync")
