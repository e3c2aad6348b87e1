import { PageHeading } from "../components/page-heading";
import { useI18n } from "../i18n/i18n-context";
import { Link } from "../routing/router";
import { href } from "../routing/routes";

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <div class="page narrow">
      <PageHeading>{t("notfound.title")}</PageHeading>
      <p>
        <Link href={href("/")}>{t("notfound.back")}</Link>
      </p>
    </div>
  );
}
