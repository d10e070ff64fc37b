"""factory_boy factories shared by the whole suite."""

import factory

from teams.models import Commune, Role, User, Village

TEST_PASSWORD = "mat-khau-thu-2026"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"XA{n:03d}")
    name = factory.Sequence(lambda n: f"Liên Minh {n}")
    province = "Thái Nguyên"


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village

    commune = factory.SubFactory(CommuneFactory)
    code = factory.Sequence(lambda n: f"T{n:03d}")
    name = factory.Sequence(lambda n: f"Thôn Đông {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    full_name = "Nguyễn Văn An"
    role = Role.OFFICE
    commune = factory.LazyAttribute(lambda o: o.village.commune if o.village else None)
    village = None
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
