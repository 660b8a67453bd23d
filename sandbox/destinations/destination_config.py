"""The destination configuration (`POST /authoring/destinations`): every documented field."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AliasChoices, Field

from sandbox.destinations.adobe_json import AdobeModel
from sandbox.destinations.aggregation_policy import Aggregation
from sandbox.destinations.customer_auth import CustomerAuthentication
from sandbox.destinations.customer_fields import CustomerDataField
from sandbox.destinations.dynamic_enum import AuthenticationRule, DynamicEnum

SHA256_LOWER = "sha256(lower($))"
Transformation = Literal["sha256(lower($))"]
Category = Literal[
    "adobeSolutions", "advertising", "analytics", "cdp", "cloudStorage", "crm", "customerSuccess",
    "database", "dmp", "ecommerce", "email", "emailMarketing", "enrichment", "livechat",
    "marketingAutomation", "mobile", "personalization", "protocols", "social", "streaming",
    "subscriptions", "surveys", "tagManagers", "voc", "warehouses", "payments",
]  # fmt: skip
ConnectionType = Literal[
    "Server-to-server",
    "Cloud storage",
    "Azure Blob",
    "Azure Data Lake Storage",
    "S3",
    "SFTP",
    "DLZ",
]


class UiAttributes(AdobeModel):
    documentation_link: str | None = None
    category: Category | None = None
    connection_type: ConnectionType | None = None
    frequency: Literal["Streaming", "Batch"] | None = None
    is_beta: str | bool | None = None
    icon: Any = None


class AcceptedGlobalNamespace(AdobeModel):
    required_transformation: Transformation | None = None


class IdentityNamespace(AdobeModel):
    """A target identity the destination accepts, and what users may map to it."""

    accepts_attributes: bool = False
    accepts_custom_namespaces: bool = False
    accepted_global_namespaces: dict[str, AcceptedGlobalNamespace] = {}
    transformation: Transformation | None = None
    """Offers the optional "Apply transformation" (hash) checkbox."""


class ProfileField(AdobeModel):
    name: str
    title: str | None = None
    description: str | None = None
    type: str = "string"
    is_required: bool = False
    read_only: bool = False
    hidden: bool = False


class RequiredMapping(AdobeModel):
    source_type: Literal["text/x.schema-path", "text/x.aep-xl", "text/plain"] | None = None
    source: str | None = None
    destination: str
    mandatory_required: bool | None = None
    primary_key_required: bool | None = None


class DynamicSchemaConfig(AdobeModel):
    dynamic_enum: DynamicEnum


class SchemaConfig(AdobeModel):
    profile_fields: list[ProfileField] = []
    profile_required: bool = False
    """Users may map to custom (free-form) attributes."""
    segment_required: bool = True
    identity_required: bool = False
    use_customer_schema_for_attribute_mapping: bool | None = None
    dynamic_schema_config: DynamicSchemaConfig | None = None
    required_mappings_only: bool | None = None
    required_mappings: list[RequiredMapping] = []
    segment_namespace_allowed: list[str] | None = None
    """Only audiences of these namespaces may be mapped (not with segmentNamespaceDenied)."""
    segment_namespace_denied: list[str] | None = None
    """Audiences of these namespaces may not be mapped."""


class SegmentMappingConfig(AdobeModel):
    """How each audience's mapping ID (its alias at the partner) is set."""

    map_experience_platform_segment_id: bool = False
    map_experience_platform_segment_name: bool = False
    map_user_input: bool = False
    audience_template_id: str | None = None


class DeliveryMatcher(AdobeModel):
    type: str
    value: list[str]


class DestinationDelivery(AdobeModel):
    authentication_rule: AuthenticationRule
    destination_server_id: str
    delivery_matchers: list[DeliveryMatcher] = []


class DestinationConfig(AdobeModel):
    """A destination configuration; the fields after `backfillHistoricalProfileData` are what
    Adobe adds when it stores one (kept so a config fetched from AEP loads as is)."""

    name: str
    description: str = ""
    release_notes: str | None = None
    status: Literal["TEST", "PUBLISHED", "DELETED"] = "TEST"
    customer_authentication_configurations: list[CustomerAuthentication] = []
    customer_data_fields: list[CustomerDataField] = []
    ui_attributes: UiAttributes | None = None
    identity_namespaces: dict[str, IdentityNamespace] = {}
    schema_config: SchemaConfig = SchemaConfig()
    segment_mapping_config: SegmentMappingConfig = Field(
        default=SegmentMappingConfig(),
        validation_alias=AliasChoices("segmentMappingConfig", "audienceMetadataConfig"),
    )
    aggregation: Aggregation
    destination_delivery: list[DestinationDelivery]
    backfill_historical_profile_data: bool = True
    batch_config: dict[str, Any] | None = None
    input_schema_id: str | None = None
    instance_id: str | None = None
    dest_config_id: str | None = None
    created_date: str | None = None
    last_modified_date: str | None = None
    ims_org: str | None = None
    sandbox_name: str | None = None
    sandbox_id: str | None = None

    def namespace(self, name: str) -> IdentityNamespace | None:
        """The target namespace called `name` (compared case-insensitively, as AEP does)."""
        return next(
            (v for k, v in self.identity_namespaces.items() if k.lower() == name.lower()), None
        )

    def profile_field(self, name: str) -> ProfileField | None:
        return next((f for f in self.schema_config.profile_fields if f.name == name), None)
