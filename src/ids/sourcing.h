/*
 * sourcing.h — company numbers of sourcing countries, pure C: China's unified
 * social credit code (USCC), India's GSTIN, Viet Nam's enterprise tax code
 * (MST), Bangladesh's BIN and Türkiye's VKN.
 *
 * Same contract as ids.h: forgiving about form (case, blanks, separators, a
 * known prefix), strict about content (alphabet, length, check character);
 * on failure an IdError for IdErrorDetail().
 *
 * Stored forms (all ordered like the canonical text):
 *   uscc    16 bytes: the first 17 characters as 5-bit alphabet indices,
 *           big-endian, left-aligned (85 bits); the check character derived
 *   gstin   16 bytes: the first 14 characters as 6-bit base-36 digits,
 *           big-endian, left-aligned (84 bits); the check character derived
 *   vn_mst  int64: the 10-digit number * 1000 + branch (0 = head office)
 *   bd_bin  int64: the 13-digit number
 *   tr_vkn  int64: the 10-digit number
 */
#ifndef HREDD_SOURCING_H
#define HREDD_SOURCING_H

#include "ids.h"

/* 16 bytes, compared with memcmp (used by uscc and gstin). */
typedef struct Id16Value
{
	uint8_t		b[16];
} Id16Value;

/* --- China: unified social credit code (GB 32100-2015) -------------------- */
#define USCC_LEN 18
extern bool UsccParse(const char *in, size_t len, Id16Value *out, IdError *e);
extern void UsccFormat(const Id16Value *v, char out[USCC_LEN + 1]);
extern bool UsccValidPacked(const Id16Value *v);
/* Check character for 17 characters of the USCC alphabet, or 0. */
extern char UsccCheckChar(const char *first17);
/* Does the embedded organisation code (characters 9-17) pass GB 11714? */
extern bool UsccOrgCodeOk(const char *uscc18);

/* --- India: GSTIN --------------------------------------------------------- */
#define GSTIN_LEN 15
extern bool GstinParse(const char *in, size_t len, Id16Value *out, IdError *e);
extern void GstinFormat(const Id16Value *v, char out[GSTIN_LEN + 1]);
extern bool GstinValidPacked(const Id16Value *v);
/* Luhn mod 36 check character of 14 upper-case alphanumerics, or 0. */
extern char GstinCheckChar(const char *first14);

/* --- Viet Nam: enterprise tax code (mã số thuế) --------------------------- */
#define VN_MST_MAXLEN 14		/* NNNNNNNNNN-NNN */
extern bool VnMstParse(const char *in, size_t len, int64_t *out, IdError *e);
extern void VnMstFormat(int64_t v, char out[VN_MST_MAXLEN + 1]);
extern bool VnMstValidPacked(int64_t v);
/* Check digit of 9 digits, or -1 when no valid number has them. */
extern int	VnMstCheckDigit(const char *first9);

/* --- Bangladesh: business identification number (VAT) --------------------- */
#define BD_BIN_LEN 13
extern bool BdBinParse(const char *in, size_t len, int64_t *out, IdError *e);
extern void BdBinFormat(int64_t v, char out[BD_BIN_LEN + 1]);
extern bool BdBinValidPacked(int64_t v);

/* --- Türkiye: vergi kimlik numarası --------------------------------------- */
#define TR_VKN_LEN 10
extern bool TrVknParse(const char *in, size_t len, int64_t *out, IdError *e);
extern void TrVknFormat(int64_t v, char out[TR_VKN_LEN + 1]);
extern bool TrVknValidPacked(int64_t v);
extern int	TrVknCheckDigit(const char *first9);

/* --- exact-ID evidence for matching --------------------------------------- */
typedef enum CompanyScheme
{
	CS_UNKNOWN = 0,
	CS_USCC,
	CS_GSTIN,
	CS_VN_MST,
	CS_BD_BIN,
	CS_TR_VKN,
	CS_LEI,
	CS_DUNS
} CompanyScheme;

/* Scheme by name ("uscc", "gstin", "vn_mst", "bd_bin", "tr_vkn", "lei", "duns"). */
extern CompanyScheme CompanySchemeByName(const char *name, size_t len);

/*
 * The company key of a number: the canonical text of what identifies the
 * legal entity (a USCC, BIN, VKN, LEI or D-U-N-S whole; a GSTIN's PAN; an
 * MST's 10-digit head-office number).  Returns its length, or -1 when the
 * number is not valid (e says why).  out holds at least 32 bytes.
 */
extern int	CompanyKey(CompanyScheme s, const char *in, size_t len, char *out, IdError *e);

/*
 * Exact-ID evidence between two numbers of one scheme: +1 when both are valid
 * and name the same company, -1 when both are valid and differ, 0 when either
 * is not valid (no evidence either way).
 */
extern int	CompanyNumberEvidence(CompanyScheme s, const char *a, size_t alen,
								  const char *b, size_t blen);

#endif
