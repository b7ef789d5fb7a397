"""What the resources share: references to related records, the `on` date, the pagination."""

from datetime import date

from django.utils import timezone
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination, paginate

# Every list: `page` and `page_size` (50 unless asked; a larger request is cut to 500), with `count`.
paginated = paginate(PageNumberPagination, page_size=50, max_page_size=500)


class MunicipalityRef(Schema):
    id: int = Field(description="Идентификатор муниципального образования")
    name: str = Field(description="Наименование муниципального образования")


class OrganizationRef(Schema):
    id: int = Field(description="Идентификатор организации")
    short_name: str = Field(description="Краткое наименование организации")


class EducatorRef(Schema):
    id: int = Field(description="Идентификатор педагога")
    full_name: str = Field(description="Фамилия, имя, отчество")


class PositionRef(Schema):
    code: str = Field(description="Код должности из справочника")
    name: str = Field(description="Наименование должности")


class SubjectRef(Schema):
    code: str = Field(description="Код учебного предмета из справочника")
    name: str = Field(description="Наименование учебного предмета")


class OnDate(Schema):
    """The `on` query parameter of the resources whose facts depend on the day."""

    on: date | None = Field(None, description="Дата, на которую вычисляются сведения (по умолчанию — сегодня)")

    @property
    def day(self) -> date:
        return self.on or timezone.localdate()
