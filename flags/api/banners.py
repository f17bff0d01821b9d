"""`/api/admin/banners`: Unleash's banner routes (list, create, update, delete, on/off)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from core.api.views import body_dict, first_or_404, int_id
from flags.api.admin.base import AdminView
from flags.models import Banner
from flags.services.banners import banner_create, banner_delete, banner_snapshot, banner_update

# Unleash's wire names -> our service's field names.
WIRE = {
    "message": "message",
    "variant": "variant",
    "link": "link",
    "linkText": "link_text",
    "dialogTitle": "dialog_title",
    "dialog": "dialog",
    "sticky": "sticky",
    "enabled": "enabled",
}


class BannerSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    message = serializers.CharField()
    variant = serializers.ChoiceField(choices=Banner.Variant.values, required=False)
    link = serializers.CharField(required=False, allow_null=True)
    linkText = serializers.CharField(required=False, allow_null=True)
    dialogTitle = serializers.CharField(required=False, allow_null=True)
    dialog = serializers.CharField(required=False, allow_null=True)
    sticky = serializers.BooleanField(required=False)
    enabled = serializers.BooleanField(required=False)
    createdAt = serializers.DateTimeField(read_only=True)


class BannerListSerializer(serializers.Serializer):
    banners = BannerSerializer(many=True)


def banner_wire(banner: Banner) -> dict:
    # The audit snapshot is already in wire names; the API adds only the creation time.
    return {
        **banner_snapshot(banner),
        "createdAt": banner.created_at.isoformat().replace("+00:00", "Z"),
    }


def _spec(body: dict) -> dict:
    # Unknown wire names pass through unchanged so the service names them in its 400.
    skip = ("id", "createdAt")
    return {WIRE.get(key, key): value for key, value in body.items() if key not in skip}


# Routed as a string so a non-numeric id is a JSON 404, not Django's HTML one.
BANNER_ID = OpenApiParameter("banner_id", int, OpenApiParameter.PATH)


def _get(banner_id: str) -> Banner:
    banners = Banner.objects.filter(pk=int_id(banner_id, "id"))
    return first_or_404(banners, "id", f"no banner with id {banner_id}")


class BannerBase(AdminView):
    perm_model = "banner"


class BannerListView(BannerBase):
    @extend_schema(operation_id="getBanners", tags=["Banners"], responses=BannerListSerializer)
    def get(self, request):
        return Response({"banners": [banner_wire(b) for b in Banner.objects.all()]})

    @extend_schema(
        operation_id="createBanner",
        tags=["Banners"],
        request=BannerSerializer,
        responses={201: BannerSerializer},
    )
    def post(self, request):
        banner = banner_create(actor=self.actor, **_spec(body_dict(request)))
        return Response(banner_wire(banner), status=201)


class BannerDetailView(BannerBase):
    @extend_schema(
        operation_id="updateBanner",
        tags=["Banners"],
        request=BannerSerializer,
        responses=BannerSerializer,
        parameters=[BANNER_ID],
    )
    def put(self, request, banner_id: str):
        spec = _spec(body_dict(request))
        banner = banner_update(banner=_get(banner_id), actor=self.actor, **spec)
        return Response(banner_wire(banner))

    @extend_schema(
        operation_id="deleteBanner", tags=["Banners"], responses={204: None}, parameters=[BANNER_ID]
    )
    def delete(self, request, banner_id: str):
        banner_delete(banner=_get(banner_id), actor=self.actor)
        return Response(status=204)


class BannerToggleView(BannerBase):
    enabled = True

    def required_permissions(self, method: str) -> list[str]:
        return ["flags.change_banner"]

    @extend_schema(request=None, tags=["Banners"], responses={204: None}, parameters=[BANNER_ID])
    def post(self, request, banner_id: str):
        banner_update(banner=_get(banner_id), actor=self.actor, enabled=self.enabled)
        return Response(status=204)
