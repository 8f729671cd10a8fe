-- AlterTable
ALTER TABLE "user" ADD COLUMN     "failedSignInsSince" TIMESTAMP(3);

